/* user.c: the per-user record and the purge.
 *
 * The record (STORE_USER, keyed by the Upwork user id) is JSON:
 * {"consent": {"version": "1", "at": 1764400000}, "signed_in": 1764400000,
 *  "searches": [{"id", "name", "query", "created", "looked"}],
 *  "drafts": {...}, "letters": [...],
 *  "dashboard": ["proposals", "messages", ...]}.
 * It holds the user's own choices only, never Upwork content, so the 24 h
 * ceiling does not apply. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include <jansson.h>
#include <sodium.h>

#include "cache.h"
#include "form.h"
#include "oauth.h"
#include "store.h"
#include "user.h"

/* The user's record as a JSON object (a new empty one when absent).
 * NULL on a store error. Caller decrefs. */
static json_t *
record_load(const char *user_id)
{
	struct buf	 b = BUF_INIT;
	json_t		*j = NULL;
	int		 rc;

	rc = store_get(STORE_USER, user_id, &b, NULL);
	if (rc == 0)
		j = json_loadb(b.p, b.len, 0, NULL);
	buf_free(&b);
	if (rc == -1)
		return NULL;
	if (!json_is_object(j)) {
		json_decref(j);
		j = json_object();
	}
	return j;
}

static int
record_save(const char *user_id, json_t *j, int locked)
{
	char	*text;
	int	 rc;

	if ((text = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS)) == NULL)
		return -1;
	rc = (locked ? store_put_locked : store_put)(STORE_USER, user_id,
	    text, strlen(text), time(NULL));
	free(text);
	return rc;
}

/* Change the user's record under its lock: edit(j, arg) returns 0 to
 * save, 1 to leave it unchanged (that is returned), -1 on error. */
static int
record_edit(const char *user_id, int (*edit)(json_t *, void *), void *arg)
{
	json_t	*j;
	int	 lk, rc = -1;

	if ((lk = store_lock(STORE_USER, user_id)) == -1)
		return -1;
	if ((j = record_load(user_id)) != NULL &&
	    (rc = edit(j, arg)) == 0)
		rc = record_save(user_id, j, 1);
	json_decref(j);
	store_unlock(lk);
	return rc;
}

static int
edit_consent(json_t *j, void *arg)
{
	const struct user_consent	*c = arg;
	json_t				*v;

	v = json_pack("{s:s, s:I}", "version", c->version,
	    "at", (json_int_t)c->at);
	return v != NULL && json_object_set_new(j, "consent", v) == 0 ? 0 : -1;
}

int
user_consent_save(const char *user_id, const char *version, time_t at)
{
	struct user_consent	 c;

	snprintf(c.version, sizeof(c.version), "%s", version);
	c.at = at;
	return record_edit(user_id, edit_consent, &c);
}

int
user_consent_get(const char *user_id, struct user_consent *out)
{
	json_t		*j, *c;
	const char	*v;
	int		 rc = 1;

	memset(out, 0, sizeof(*out));
	if ((j = record_load(user_id)) == NULL)
		return -1;
	c = json_object_get(j, "consent");
	v = json_string_value(json_object_get(c, "version"));
	if (v != NULL && strlen(v) < sizeof(out->version)) {
		snprintf(out->version, sizeof(out->version), "%s", v);
		out->at = (time_t)json_integer_value(json_object_get(c, "at"));
		rc = 0;
	}
	json_decref(j);
	return rc;
}

/* The searches array of a record, made if absent. NULL on no memory. */
static json_t *
searches_of(json_t *j)
{
	json_t	*a = json_object_get(j, "searches");

	if (json_is_array(a))
		return a;
	a = json_array();
	if (a == NULL || json_object_set_new(j, "searches", a) == -1)
		return NULL;
	return a;
}

/* The index of search id in a, or -1. */
static ssize_t
search_index(json_t *a, const char *id)
{
	json_t		*s;
	size_t		 i;
	const char	*v;

	json_array_foreach(a, i, s) {
		v = json_string_value(json_object_get(s, "id"));
		if (v != NULL && strcmp(v, id) == 0)
			return (ssize_t)i;
	}
	return -1;
}

int
user_searches(const char *user_id, struct saved_search **out, size_t *n)
{
	struct saved_search	*v;
	json_t			*j, *a, *s;
	const char		*id, *name, *query;
	size_t			 i, k = 0;

	*out = NULL;
	*n = 0;
	if ((j = record_load(user_id)) == NULL)
		return -1;
	a = json_object_get(j, "searches");
	if (!json_is_array(a) || json_array_size(a) == 0) {
		json_decref(j);
		return 0;
	}
	if ((v = calloc(json_array_size(a), sizeof(*v))) == NULL) {
		json_decref(j);
		return -1;
	}
	/* Stored oldest first; shown newest first. */
	for (i = json_array_size(a); i-- > 0;) {
		s = json_array_get(a, i);
		id = json_string_value(json_object_get(s, "id"));
		name = json_string_value(json_object_get(s, "name"));
		query = json_string_value(json_object_get(s, "query"));
		if (id == NULL || strlen(id) != 16 || name == NULL ||
		    query == NULL)
			continue;
		memcpy(v[k].id, id, 17);
		v[k].name = strdup(name);
		v[k].query = strdup(query);
		v[k].created = (time_t)json_integer_value(
		    json_object_get(s, "created"));
		v[k].looked = (time_t)json_integer_value(
		    json_object_get(s, "looked"));
		if (v[k].name == NULL || v[k].query == NULL) {
			user_searches_free(v, k + 1);
			json_decref(j);
			return -1;
		}
		k++;
	}
	json_decref(j);
	*out = v;
	*n = k;
	return 0;
}

void
user_searches_free(struct saved_search *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n && v != NULL; i++) {
		free(v[i].name);
		free(v[i].query);
	}
	free(v);
}

struct search_edit {
	const char	*id;
	const char	*name;
	const char	*query;
	time_t		 now;
	time_t		 before;
};

static int
edit_save(json_t *j, void *arg)
{
	struct search_edit	*e = arg;
	json_t			*a = searches_of(j), *s;

	if (a == NULL)
		return -1;
	if (json_array_size(a) >= SEARCHES_MAX)
		return 1;
	s = json_pack("{s:s, s:s, s:s, s:I, s:I}", "id", e->id,
	    "name", e->name, "query", e->query, "created", (json_int_t)e->now,
	    "looked", (json_int_t)0);
	return s != NULL && json_array_append_new(a, s) == 0 ? 0 : -1;
}

/* Find search e->id in the record: 0 with *a and *i; 1 no such search
 * (what record_edit passes on); -1 no memory. */
static int
find_search(json_t *j, const struct search_edit *e, json_t **a, size_t *i)
{
	ssize_t	 k;

	if ((*a = searches_of(j)) == NULL)
		return -1;
	if ((k = search_index(*a, e->id)) < 0)
		return 1;
	*i = (size_t)k;
	return 0;
}

static int
edit_rename(json_t *j, void *arg)
{
	struct search_edit	*e = arg;
	json_t			*a;
	size_t			 i;
	int			 rc;

	if ((rc = find_search(j, e, &a, &i)) != 0)
		return rc;
	return json_object_set_new(json_array_get(a, i), "name",
	    json_string(e->name)) == 0 ? 0 : -1;
}

static int
edit_delete(json_t *j, void *arg)
{
	struct search_edit	*e = arg;
	json_t			*a;
	size_t			 i;
	int			 rc;

	if ((rc = find_search(j, e, &a, &i)) != 0)
		return rc;
	return json_array_remove(a, i) == 0 ? 0 : -1;
}

static int
edit_looked(json_t *j, void *arg)
{
	struct search_edit	*e = arg;
	json_t			*a, *s;
	size_t			 i;
	int			 rc;

	if ((rc = find_search(j, e, &a, &i)) != 0)
		return rc;
	s = json_array_get(a, i);
	e->before = (time_t)json_integer_value(json_object_get(s, "looked"));
	return json_object_set_new(s, "looked", json_integer(e->now)) == 0 ?
	    0 : -1;
}

int
user_search_save(const char *user_id, const char *name, const char *query,
    char id_out[17])
{
	struct search_edit	 e = { id_out, name, query, time(NULL), 0 };
	size_t			 i;

	/* Digits, like the other ids in our paths. */
	for (i = 0; i < 16; i++)
		id_out[i] = (char)('0' + randombytes_uniform(10));
	id_out[16] = '\0';
	return record_edit(user_id, edit_save, &e);
}

int
user_search_rename(const char *user_id, const char *id, const char *name)
{
	struct search_edit	 e = { id, name, NULL, 0, 0 };

	return record_edit(user_id, edit_rename, &e);
}

int
user_search_delete(const char *user_id, const char *id)
{
	struct search_edit	 e = { id, NULL, NULL, 0, 0 };

	return record_edit(user_id, edit_delete, &e);
}

int
user_search_looked(const char *user_id, const char *id, time_t now,
    time_t *before)
{
	struct search_edit	 e = { id, NULL, NULL, now, 0 };
	int			 rc;

	rc = record_edit(user_id, edit_looked, &e);
	*before = e.before;
	return rc;
}

/* ---- dashboard blocks ---- */

/* The "dashboard" array of a record, made if absent. NULL on no memory. */
static json_t *
dashboard_of(json_t *j)
{
	json_t	*a = json_object_get(j, "dashboard");

	if (json_is_array(a))
		return a;
	a = json_array();
	if (a == NULL || json_object_set_new(j, "dashboard", a) == -1)
		return NULL;
	return a;
}

json_t *
user_home_blocks(const char *user_id)
{
	json_t	*j, *a;

	if ((j = record_load(user_id)) == NULL)
		return NULL;
	a = json_object_get(j, "dashboard");
	a = json_is_array(a) ? json_incref(a) : json_null();
	json_decref(j);
	return a;
}

struct home_edit {
	const char		*block;
	enum user_home_op	 op;
	const char *const	*names;
	size_t			 n;
};

static int
edit_home(json_t *j, void *arg)
{
	struct home_edit	*e = arg;
	json_t			*a = dashboard_of(j), *x;
	ssize_t			 k = -1;
	size_t			 i;

	if (a == NULL)
		return -1;
	json_array_foreach(a, i, x)
		if (json_is_string(x) && strcmp(json_string_value(x),
		    e->block) == 0) {
			k = (ssize_t)i;
			break;
		}
	switch (e->op) {
	case USER_HOME_SHOW:
		if (k >= 0 || json_array_size(a) >= HOME_BLOCKS_MAX)
			return 1;
		return json_array_append_new(a, json_string(e->block)) == 0 ?
		    0 : -1;
	case USER_HOME_HIDE:
		if (k < 0)
			return 1;
		return json_array_remove(a, (size_t)k) == 0 ? 0 : -1;
	case USER_HOME_UP:
	case USER_HOME_DOWN:
		i = e->op == USER_HOME_UP ? (size_t)k - 1 : (size_t)k + 1;
		if (k < 0 || (e->op == USER_HOME_UP && k == 0) ||
		    i >= json_array_size(a))
			return 1;
		/* Swap k and i: the list keeps one reference to each. */
		x = json_incref(json_array_get(a, (size_t)k));
		if (json_array_set(a, (size_t)k, json_array_get(a, i)) == -1 ||
		    json_array_set_new(a, i, x) == -1)
			return -1;
		return 0;
	}
	return -1;
}

static int
edit_home_set(json_t *j, void *arg)
{
	struct home_edit	*e = arg;
	json_t			*a;
	size_t			 i;

	if ((a = json_array()) == NULL)
		return -1;
	for (i = 0; i < e->n && i < HOME_BLOCKS_MAX; i++)
		if (json_array_append_new(a, json_string(e->names[i])) == -1) {
			json_decref(a);
			return -1;
		}
	return json_object_set_new(j, "dashboard", a) == 0 ? 0 : -1;
}

int
user_home_edit(const char *user_id, const char *block, enum user_home_op op)
{
	struct home_edit	 e = { block, op, NULL, 0 };

	if (strlen(block) > HOME_BLOCK_NAME_MAX)
		return 1;
	return record_edit(user_id, edit_home, &e);
}

int
user_home_set(const char *user_id, const char *const names[], size_t n)
{
	struct home_edit	 e = { NULL, USER_HOME_SHOW, names, n };

	return record_edit(user_id, edit_home_set, &e);
}

static int
edit_signed_in(json_t *j, void *arg)
{
	return json_object_set_new(j, "signed_in",
	    json_integer(*(time_t *)arg)) == 0 ? 0 : -1;
}

/* ---- drafts ---- */

struct draft_edit {
	const char	*job_id;
	json_t		*draft;		/* NULL: delete */
	time_t		 now;
};

static int
edit_draft(json_t *j, void *arg)
{
	struct draft_edit	*e = arg;
	json_t			*all = json_object_get(j, "drafts"), *copy;

	if (e->draft == NULL) {
		if (!json_is_object(all) || json_object_get(all, e->job_id) == NULL)
			return 1;
		return json_object_del(all, e->job_id) == 0 ? 0 : -1;
	}
	if (!json_is_object(all)) {
		if ((all = json_object()) == NULL ||
		    json_object_set_new(j, "drafts", all) == -1)
			return -1;
	}
	if (json_object_get(all, e->job_id) == NULL &&
	    json_object_size(all) >= DRAFTS_MAX)
		return 2;
	if ((copy = json_deep_copy(e->draft)) == NULL ||
	    json_object_set_new(copy, "saved", json_integer(e->now)) == -1) {
		json_decref(copy);
		return -1;
	}
	return json_object_set_new(all, e->job_id, copy) == 0 ? 0 : -1;
}

static int
draft_fresh(json_t *d, time_t now)
{
	return json_is_object(d) && now - (time_t)json_integer_value(
	    json_object_get(d, "saved")) < DRAFT_TIE_S;
}

int
user_draft_get(const char *user_id, const char *job_id, json_t **out)
{
	json_t	*j, *d;

	*out = NULL;
	if ((j = record_load(user_id)) == NULL)
		return -1;
	d = json_object_get(json_object_get(j, "drafts"), job_id);
	if (draft_fresh(d, time(NULL)))
		*out = json_incref(d);
	json_decref(j);
	return *out != NULL ? 0 : 1;
}

int
user_draft_put(const char *user_id, const char *job_id, json_t *draft,
    time_t now)
{
	struct draft_edit	 e = { job_id, draft, now };
	int			 rc = record_edit(user_id, edit_draft, &e);

	return rc == 2 ? 1 : rc == -1 ? -1 : 0;
}

int
user_draft_delete(const char *user_id, const char *job_id)
{
	struct draft_edit	 e = { job_id, NULL, 0 };

	return record_edit(user_id, edit_draft, &e) == -1 ? -1 : 0;
}

json_t *
user_drafts(const char *user_id, time_t now)
{
	json_t		*j, *all, *out, *d;
	const char	*job;

	if ((j = record_load(user_id)) == NULL)
		return NULL;
	all = json_object_get(j, "drafts");
	if ((out = json_object()) != NULL)
		json_object_foreach(all, job, d)
			if (draft_fresh(d, now))
				json_object_set(out, job, d);
	json_decref(j);
	return out;
}

json_t *
user_letters(const char *user_id)
{
	json_t	*j, *l;

	if ((j = record_load(user_id)) == NULL)
		return NULL;
	l = json_object_get(j, "letters");
	l = json_is_array(l) ? json_incref(l) : json_array();
	json_decref(j);
	return l;
}

static int
edit_letter_delete(json_t *j, void *arg)
{
	json_t		*l = json_object_get(j, "letters"), *it;
	const char	*id;
	size_t		 i;

	json_array_foreach(l, i, it) {
		id = json_string_value(json_object_get(it, "id"));
		if (id != NULL && strcmp(id, arg) == 0)
			return json_array_remove(l, i) == 0 ? 0 : -1;
	}
	return 1;
}

int
user_letter_delete(const char *user_id, const char *id)
{
	return record_edit(user_id, edit_letter_delete, (void *)id) == -1 ?
	    -1 : 0;
}

/* The user's text of draft d, without anything of Upwork's: no job id,
 * no duration id, answers without their question numbers. */
static json_t *
letter_of(json_t *d)
{
	json_t		*l, *answers, *a;
	const char	*seq;
	char		 id[17];
	unsigned	 i;

	for (i = 0; i < 16; i++)
		id[i] = (char)('0' + randombytes_uniform(10));
	id[16] = '\0';
	if ((answers = json_array()) == NULL)
		return NULL;
	json_object_foreach(json_object_get(d, "answers"), seq, a)
		if (json_is_string(a) && json_string_length(a) > 0)
			json_array_append(answers, a);
	l = json_pack("{s:s, s:O?, s:O?, s:o, s:O?}", "id", id,
	    "cover", json_object_get(d, "cover"),
	    "amount", json_object_get(d, "amount"), "answers", answers,
	    "saved", json_object_get(d, "saved"));
	return l;
}

static int
edit_detach(json_t *j, void *arg)
{
	time_t		 now = *(time_t *)arg;
	json_t		*all = json_object_get(j, "drafts"), *l, *d, *letter;
	const char	*job;
	void		*tmp;
	int		 changed = 0;

	if ((l = json_object_get(j, "letters")) == NULL || !json_is_array(l)) {
		if ((l = json_array()) == NULL ||
		    json_object_set_new(j, "letters", l) == -1)
			return -1;
	}
	json_object_foreach_safe(all, tmp, job, d) {
		if (draft_fresh(d, now))
			continue;
		if ((letter = letter_of(d)) == NULL ||
		    json_array_append_new(l, letter) == -1 ||
		    json_object_del(all, job) == -1)
			return -1;
		changed = 1;
	}
	while (json_array_size(l) > LETTERS_MAX)
		json_array_remove(l, 0);
	if (json_array_size(l) == 0)
		json_object_del(j, "letters");
	return changed ? 0 : 1;
}

struct stale_drafts {
	time_t		 now;
	char		**ids;
	size_t		 n;
	int		 failed;
};

static int
find_stale_drafts(const char *key, const void *data, size_t len, time_t t,
    void *arg)
{
	struct stale_drafts	*s = arg;
	json_t			*j, *d;
	const char		*job;
	char			**ids;
	int			 stale = 0;

	(void)t;
	if ((j = json_loadb(data, len, 0, NULL)) == NULL)
		return 0;
	json_object_foreach(json_object_get(j, "drafts"), job, d)
		if (!draft_fresh(d, s->now))
			stale = 1;
	json_decref(j);
	if (!stale)
		return 0;
	if ((ids = realloc(s->ids, (s->n + 1) * sizeof(*ids))) == NULL ||
	    (ids[s->n] = strdup(key)) == NULL) {
		if (ids != NULL)
			s->ids = ids;
		s->failed = 1;
		return 0;
	}
	s->ids = ids;
	s->n++;
	return 0;
}

long
user_sweep_drafts(time_t now)
{
	struct stale_drafts	 s = { now, NULL, 0, 0 };
	size_t			 i;
	long			 n = 0;

	if (store_walk(STORE_USER, find_stale_drafts, &s) == -1)
		s.failed = 1;
	for (i = 0; i < s.n; i++) {
		switch (record_edit(s.ids[i], edit_detach, &now)) {
		case -1:
			s.failed = 1;
			break;
		case 0:
			n++;
			break;
		}
		free(s.ids[i]);
	}
	free(s.ids);
	return s.failed ? -1 : n;
}

int
user_signed_in(const char *user_id, time_t now)
{
	return record_edit(user_id, edit_signed_in, &now);
}

json_t *
user_export(const char *user_id)
{
	json_t	*j, *out;

	if ((j = record_load(user_id)) == NULL)
		return NULL;
	out = json_pack("{s:s, s:O}", "upwork_user_id", user_id, "workdesk", j);
	json_decref(j);
	return out;
}

struct dormant {
	time_t		 now;
	long		 dormant_s;
	char		**ids;
	size_t		 n;
	int		 failed;
};

static void
dormant_add(struct dormant *d, const char *id)
{
	char	**ids;
	size_t	 i;

	for (i = 0; i < d->n; i++)
		if (strcmp(d->ids[i], id) == 0)
			return;
	if ((ids = realloc(d->ids, (d->n + 1) * sizeof(*ids))) == NULL ||
	    (ids[d->n] = strdup(id)) == NULL) {
		if (ids != NULL)
			d->ids = ids;
		d->failed = 1;
		return;
	}
	d->ids = ids;
	d->n++;
}

/* A user record whose last sign-in is older than the limit (a record
 * from before sign-ins were recorded counts from its consent). */
static int
find_dormant(const char *key, const void *data, size_t len, time_t t,
    void *arg)
{
	struct dormant	*d = arg;
	json_t		*j;
	json_int_t	 last;

	(void)t;
	if ((j = json_loadb(data, len, 0, NULL)) == NULL)
		return 0;
	last = json_integer_value(json_object_get(j, "signed_in"));
	if (last == 0)
		last = json_integer_value(json_object_get(
		    json_object_get(j, "consent"), "at"));
	if (d->now - (time_t)last > d->dormant_s)
		dormant_add(d, key);
	json_decref(j);
	return 0;
}

/* A token record whose refresh token Upwork no longer accepts. */
static int
find_dead(const char *key, const void *data, size_t len, time_t t, void *arg)
{
	struct dormant		*d = arg;
	struct oauth_tokens	 tok;

	(void)data; (void)len; (void)t;
	if (oauth_tokens_load(key, &tok) != 0)
		return 0;	/* gone meanwhile, or damaged (and deleted) */
	if (tok.refresh == NULL ||
	    d->now - tok.refresh_issued >= OAUTH_REFRESH_LIFE_S)
		dormant_add(d, key);
	oauth_tokens_free(&tok);
	return 0;
}

long
user_sweep_dormant(time_t now, long dormant_s)
{
	struct dormant	 d = { now, dormant_s, NULL, 0, 0 };
	size_t		 i;

	if (store_walk(STORE_USER, find_dormant, &d) == -1 ||
	    store_walk(STORE_TOKENS, find_dead, &d) == -1)
		d.failed = 1;
	for (i = 0; i < d.n; i++) {
		if (user_purge(d.ids[i]) == -1)
			d.failed = 1;
		free(d.ids[i]);
	}
	free(d.ids);
	return d.failed ? -1 : (long)d.n;
}

static int
any(const char *key, const void *data, size_t len, void *arg)
{
	(void)key; (void)data; (void)len; (void)arg;
	return 1;
}

long
user_purge_all(void)
{
	static const enum store_kind kinds[] = { STORE_TOKENS, STORE_SESSION,
	    STORE_LOGIN, STORE_USER, STORE_CACHE, STORE_FORM };
	long	 n, total = 0;
	size_t	 i;
	int	 failed = 0;

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		if ((n = store_select(kinds[i], any, NULL, 1)) < 0)
			failed = 1;
		else
			total += n;
	}
	return failed ? -1 : total;
}

/* A session record (JSON) of the user whose id arg points to. */
static int
is_users_session(const char *key, const void *data, size_t len, void *arg)
{
	json_t		*j;
	const char	*uid;
	int		 yes;

	(void)key;
	if ((j = json_loadb(data, len, 0, NULL)) == NULL)
		return 0;
	uid = json_string_value(json_object_get(j, "user_id"));
	yes = uid != NULL && strcmp(uid, arg) == 0;
	json_decref(j);
	return yes;
}

long
user_sessions_count(const char *user_id)
{
	return store_select(STORE_SESSION, is_users_session, (void *)user_id, 0);
}

long
user_sessions_end(const char *user_id)
{
	return store_select(STORE_SESSION, is_users_session, (void *)user_id, 1);
}

int
user_purge(const char *user_id)
{
	int	 rc = 0;

	/* Tokens first: without them nothing more can be fetched. Upwork
	 * documents no token revocation endpoint (RFC 7009), so deleting our
	 * copies is all we can do; the user can also remove the app's
	 * access in their Upwork settings. */
	if (oauth_tokens_delete(user_id) == -1)
		rc = -1;
	if (user_sessions_end(user_id) == -1)
		rc = -1;
	if (store_del(STORE_USER, user_id) == -1)
		rc = -1;
	if (cache_purge_user(user_id) == -1)
		rc = -1;
	if (form_purge_user(user_id) == -1)
		rc = -1;
	return rc;
}
