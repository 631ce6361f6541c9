/* cache.c: the cache of Upwork data (STORE_CACHE records).
 *
 * Record: the key (user|organization|operation|variables) and the JSON of
 * Upwork's "data" object, with the time it was fetched as the record time.
 * Every read checks that time against the 24 h ceiling; the sweep deletes
 * what nobody reads again. Each operation has a fresh lifetime (the
 * config's cache_ttl_s unless the table below says otherwise); past it the
 * entry is refreshed, and served stale only while Upwork fails (R7). */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cache.h"
#include "conf.h"
#include "oauth.h"
#include "req.h"
#include "session.h"
#include "store.h"
#include "upstream.h"
#include "upwork.h"

/* Fresh lifetimes that differ from cache_ttl_s, in seconds; 0 never
 * caches. Sign-in reads who just connected: it must be current. */
static long
doc_ttl(const struct conf *c, enum gql_doc doc)
{
	switch (doc) {
	case GQL_SIGNIN:
	case GQL_CONNECTS:	/* spent by every proposal: always current */
	case GQL_CREATE_JOB_PROPOSAL:
		return 0;
	case GQL_MUTATION_FIELDS:	/* Upwork's schema, not user data */
		return 3600;
	case GQL_ROOMS:		/* messages arrive all the time */
		return c->cache_ttl_s < 60 ? c->cache_ttl_s : 60;
	case GQL_ROOM:
		return c->cache_ttl_s < 30 ? c->cache_ttl_s : 30;
	default:
		return c->cache_ttl_s;
	}
}

int
cache_key(struct buf *out, const char *user_id, const char *org_id,
    const char *operation, json_t *vars)
{
	char	*v = NULL;
	int	 rc;

	if (vars != NULL && (v = json_dumps(vars, JSON_COMPACT |
	    JSON_SORT_KEYS)) == NULL)
		return -1;
	rc = buf_printf(out, "%s|%s|%s|%s", user_id, org_id ? org_id : "",
	    operation, v ? v : "{}");
	free(v);
	return rc;
}

/* The ceiling, and a clock that went back: both make key's entry, fetched
 * at t, a miss, and it goes now rather than at the next sweep. 1 then,
 * else 0. */
static int
past_ceiling(const char *key, time_t t, time_t now)
{
	if (t <= now && now - t < CACHE_MAX_AGE_S)
		return 0;
	store_del(STORE_CACHE, key);
	return 1;
}

int
cache_get(const char *key, time_t now, struct buf *data, time_t *fetched)
{
	time_t	 t;
	size_t	 at = data->len;
	int	 rc;

	if ((rc = store_get(STORE_CACHE, key, data, &t)) != 0)
		return rc;
	if (past_ceiling(key, t, now)) {
		data->len = at;
		if (data->p)
			data->p[at] = '\0';
		return 1;
	}
	*fetched = t;
	return 0;
}

/* A few parsed answers kept in memory, so a warm page skips the JSON
 * parse (39 % of its time in bench/run.sh's profile) and the record's
 * checksum (9 %). The disk stays the truth: an entry is used only when
 * the record file just read is byte for byte the one it was parsed from,
 * compared in full, so a deleted or re-fetched entry is never answered
 * from here. Bytes equal to a record that passed store_open_bytes need no
 * second check. Each slot keeps its record's bytes, so the table holds at
 * most MEMO_SLOTS records.
 * The hourly sweep drops entries fetched more than an hour before, so no
 * copy in memory is ever older than two hours (the disk's ceiling is
 * 24 h); a purge or a drop after a change empties the table at once. */
#define MEMO_SLOTS	32

struct memo {
	char		*key;
	unsigned char	*rec;	/* the record file's bytes */
	size_t		 size;
	time_t		 t;
	json_t		*j;
};

static struct memo	 memo[MEMO_SLOTS];
static pthread_mutex_t	 memo_mu = PTHREAD_MUTEX_INITIALIZER;

static uint64_t
fnv64(const void *p, size_t n)
{
	const unsigned char	*c = p;
	uint64_t		 h = 14695981039346656037ULL;

	while (n-- > 0)
		h = (h ^ *c++) * 1099511628211ULL;
	return h;
}

static void
memo_free(struct memo *m)
{
	free(m->key);
	free(m->rec);
	json_decref(m->j);
	memset(m, 0, sizeof(*m));
}

/* key's entry, read from disk: 0 with a new reference to its JSON object
 * and its fetch time; 1 absent, past the ceiling (deleted now), damaged
 * (dropped) or not a JSON object; -1 I/O error. rec is taken over. */
static int
entry_parse(const char *key, unsigned char *rec, size_t size, json_t **j,
    time_t *t)
{
	struct memo	*m = &memo[fnv64(key, strlen(key)) % MEMO_SLOTS];
	const char	*payload;
	size_t		 len;

	pthread_mutex_lock(&memo_mu);
	if (m->key != NULL && m->size == size &&
	    memcmp(m->rec, rec, size) == 0 && strcmp(m->key, key) == 0) {
		*j = json_incref(m->j);
		*t = m->t;
		pthread_mutex_unlock(&memo_mu);
		free(rec);
		return 0;
	}
	pthread_mutex_unlock(&memo_mu);
	if (store_open_bytes(STORE_CACHE, key, rec, size, &payload, &len,
	    t) != 0) {
		free(rec);
		/* Damaged, or another key's: store_get drops it, under the
		 * key's lock and only if it is still so. */
		store_get(STORE_CACHE, key, NULL, NULL);
		return 1;
	}
	*j = json_loadb(payload, len, JSON_ALLOW_NUL, NULL);
	if (!json_is_object(*j)) {
		free(rec);
		json_decref(*j);
		*j = NULL;
		return 1;
	}
	pthread_mutex_lock(&memo_mu);
	memo_free(m);
	if ((m->key = strdup(key)) != NULL) {
		m->rec = rec;
		m->size = size;
		m->t = *t;
		m->j = json_incref(*j);
	} else
		free(rec);
	pthread_mutex_unlock(&memo_mu);
	return 0;
}

static int
entry_get(const char *key, time_t now, json_t **j, time_t *fetched)
{
	unsigned char	*rec;
	size_t		 size;
	int		 rc;

	*j = NULL;
	if ((rc = store_get_bytes(STORE_CACHE, key, &rec, &size)) != 0)
		return rc;
	if ((rc = entry_parse(key, rec, size, j, fetched)) != 0)
		return rc;
	if (past_ceiling(key, *fetched, now)) {
		json_decref(*j);
		*j = NULL;
		return 1;
	}
	return 0;
}

/* Forget entries fetched before not_after (0: every entry). */
static void
memo_forget(time_t not_after)
{
	size_t	 i;

	pthread_mutex_lock(&memo_mu);
	for (i = 0; i < MEMO_SLOTS; i++)
		if (memo[i].key != NULL && (not_after == 0 ||
		    memo[i].t < not_after))
			memo_free(&memo[i]);
	pthread_mutex_unlock(&memo_mu);
}

void
cache_memo_exit(void)
{
	memo_forget(0);
}

/* Answer out with j (borrowed), fetched at fetched. */
static void
serve(struct upwork_res *out, json_t *j, time_t fetched, int stale)
{
	json_decref(out->data);
	free(out->message);
	out->message = NULL;
	out->data = json_incref(j);
	out->err = UPWORK_OK;
	out->fetched_at = fetched;
	out->stale = stale;
}

/* Failures that stale data may cover (R7: 5xx, no answer; and not being
 * allowed to call). Upwork's verdicts on the request itself are not. */
static int
stale_covers(enum upwork_err e)
{
	return e == UPWORK_ENETWORK || e == UPWORK_ESERVER ||
	    e == UPWORK_ERATELIMIT || e == UPWORK_EUNAVAILABLE ||
	    e == UPWORK_ENOTJSON;
}

/* One call with the user's token; on a 401, one refresh and one more try
 * (R9), never more. */
static enum upwork_err
call(struct req *r, enum gql_doc doc, json_t *vars, struct upwork_res *out)
{
	char		*access = NULL, *again = NULL;
	int		 rc;

	rc = oauth_access_token(r->conf, r->sess->user_id, &access);
	if (rc != 0) {
		out->message = strdup(rc == 1 ? "the Upwork authorization "
		    "ended" : "could not renew the Upwork authorization");
		return out->err = rc == 1 ? UPWORK_EAUTH : UPWORK_ENETWORK;
	}
	/* Every call works in the session's organization, the one its cache
	 * entries are kept under (upwork-api.md §1.6). */
	upwork_call(r->conf, doc, vars, access, r->sess->org_id,
	    r->deadline_ms, out);
	r->upstream_calls += out->attempts;
	if (out->err == UPWORK_EAUTH) {
		rc = oauth_renew(r->conf, r->sess->user_id, access, &again);
		if (rc == 0) {
			upwork_res_free(out);
			upwork_call(r->conf, doc, vars, again,
			    r->sess->org_id, r->deadline_ms, out);
			r->upstream_calls += out->attempts;
		}
		if (out->err == UPWORK_EAUTH)
			oauth_tokens_delete(r->sess->user_id);
	}
	if (again) {
		explicit_bzero(again, strlen(again));
		free(again);
	}
	explicit_bzero(access, strlen(access));
	free(access);
	return out->err;
}

int
cache_fetch(struct req *r, enum gql_doc doc, json_t *vars,
    struct upwork_res *out)
{
	struct buf	 key = BUF_INIT;
	time_t		 now = time(NULL), fetched = 0;
	long		 ttl = doc_ttl(r->conf, doc);
	int		 have, lk = -1;
	json_t		*j = NULL;
	char		*text;

	if (ttl == 0 && !r->cache_only) {
		call(r, doc, vars, out);
		out->fetched_at = now;
		return out->err;
	}
	if (cache_key(&key, r->sess->user_id, r->sess->org_id, gql_name[doc],
	    vars) == -1) {
		out->message = strdup("out of memory");
		return out->err = UPWORK_EOTHER;
	}
	have = entry_get(key.p, now, &j, &fetched) == 0;
	if (have && now - fetched < ttl) {
		serve(out, j, fetched, 0);
		r->cache_hits++;
		goto out;
	}
	if (r->cache_only) {
		/* What the cache has, however old (under 24 h); no call. */
		if (have) {
			serve(out, j, fetched, 1);
			r->cache_hits++;
		} else {
			out->message = strdup("not asked: Upwork is failing");
			out->err = UPWORK_EUNAVAILABLE;
		}
		goto out;
	}
	/* One fetch per key: whoever holds the key's lock calls Upwork; the
	 * others wait here, then find its result. */
	if ((lk = store_lock(STORE_CACHE, key.p)) == -1) {
		out->message = strdup("the cache lock failed");
		out->err = UPWORK_EOTHER;
		goto out;
	}
	json_decref(j);
	now = time(NULL);
	have = entry_get(key.p, now, &j, &fetched) == 0;
	if (have && now - fetched < ttl) {
		serve(out, j, fetched, 0);
		r->cache_hits++;
		goto out;
	}
	r->cache_misses++;
	if (call(r, doc, vars, out) == UPWORK_OK) {
		out->fetched_at = time(NULL);
		if ((text = json_dumps(out->data, JSON_COMPACT)) != NULL) {
			/* A failed write costs a later call, nothing more. */
			store_put_locked(STORE_CACHE, key.p, text, strlen(text),
			    out->fetched_at);
			free(text);
		}
	} else if (have && stale_covers(out->err)) {
		fprintf(stderr, "%s cache: Upwork failed (%s); serving data "
		    "%lds old\n", r->id, upwork_err_name(out->err),
		    (long)(now - fetched));
		serve(out, j, fetched, 1);
	}
out:
	json_decref(j);
	store_unlock(lk);
	buf_free(&key);
	return out->err;
}

long
cache_sweep(time_t now)
{
	memo_forget(now - 3600);
	/* Entries dated in the future count as expired too. */
	return store_sweep(STORE_CACHE, now - CACHE_MAX_AGE_S + 1, now);
}

/* A cache key of the user: "USER_ID|..." (arg is "USER_ID|"). */
static int
has_prefix(const char *key, const void *data, size_t len, void *arg)
{
	(void)data; (void)len;
	return strncmp(key, arg, strlen(arg)) == 0;
}

int
cache_mutate(struct req *r, enum gql_doc doc, json_t *vars,
    struct upwork_res *out)
{
	call(r, doc, vars, out);
	out->fetched_at = time(NULL);
	return out->err;
}

int
cache_drop(struct req *r, enum gql_doc doc)
{
	struct buf	 prefix = BUF_INIT;
	long		 n;

	if (buf_printf(&prefix, "%s|%s|%s|", r->sess->user_id,
	    r->sess->org_id ? r->sess->org_id : "", gql_name[doc]) == -1)
		return -1;
	n = store_select(STORE_CACHE, has_prefix, prefix.p, 1);
	buf_free(&prefix);
	memo_forget(0);
	return n < 0 ? -1 : 0;
}

/* Notes are kept under a key no user id can produce ("*|note|NAME"), so
 * per-user purges leave them; the sweep ends them at 24 h. */
int
cache_note_put(const char *name, const char *text)
{
	struct buf	 key = BUF_INIT;
	int		 rc;

	if (buf_printf(&key, "*|note|%s", name) == -1)
		return -1;
	rc = store_put(STORE_CACHE, key.p, text, strlen(text), time(NULL));
	buf_free(&key);
	return rc;
}

int
cache_note_get(const char *name, time_t now, struct buf *text)
{
	struct buf	 key = BUF_INIT;
	time_t		 t;
	int		 rc;

	if (buf_printf(&key, "*|note|%s", name) == -1)
		return -1;
	rc = cache_get(key.p, now, text, &t);
	buf_free(&key);
	return rc;
}

int
cache_purge_user(const char *user_id)
{
	struct buf	 prefix = BUF_INIT;
	long		 n;

	if (buf_printf(&prefix, "%s|", user_id) == -1)
		return -1;
	n = store_select(STORE_CACHE, has_prefix, prefix.p, 1);
	buf_free(&prefix);
	memo_forget(0);
	return n < 0 ? -1 : 0;
}

static int
count_entry(const char *key, const void *data, size_t len, time_t t,
    void *arg)
{
	struct cache_stats	*s = arg;

	s->entries++;
	s->bytes += (long long)(strlen(key) + len);
	if (s->oldest == 0 || t < s->oldest)
		s->oldest = t;
	(void)data;
	return 0;
}

int
cache_stats(struct cache_stats *s)
{
	memset(s, 0, sizeof(*s));
	return store_walk(STORE_CACHE, count_entry, s);
}
