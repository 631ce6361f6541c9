/* session.c: sessions (security bar S1-S8, C1).
 *
 * The record is JSON: {user_id, user_name, org_id, org_name, csrf,
 * consent, created, seen}; consent is the policy version the user is known
 * to have agreed to (the user record is the truth; this spares reading it
 * on every request). The user's and organization's names come from Upwork,
 * so a session never outlives the 24 h ceiling of the API Terms, whatever
 * session_max_s says (NB: the check in session_load). */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "conf.h"
#include "session.h"
#include "store.h"

#define SEEN_WRITE_S	60
#define UPWORK_DATA_MAX_S (24 * 3600)	/* API Terms §7: never more than 24 h */

void
session_free(struct session *s)
{
	if (s == NULL)
		return;
	free(s->user_id);
	free(s->user_name);
	free(s->org_id);
	free(s->org_name);
	free(s);
}

static int
session_save(const struct session *s)
{
	json_t	*j;
	char	*text;
	int	 rc;

	j = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:I}",
	    "user_id", s->user_id, "user_name", s->user_name,
	    "org_id", s->org_id, "org_name", s->org_name, "csrf", s->csrf,
	    "consent", s->consent,
	    "created", (json_int_t)s->created, "seen", (json_int_t)s->seen);
	if (j == NULL || (text = json_dumps(j, JSON_COMPACT)) == NULL) {
		json_decref(j);
		return -1;
	}
	json_decref(j);
	rc = store_put(STORE_SESSION, s->key, text, strlen(text), s->seen);
	free(text);
	return rc;
}

int
session_create(const char *user_id, const char *user_name,
    const char *org_id, const char *org_name,
    char id_out[CRYPTO_TOKEN_LEN + 1], struct session **out)
{
	struct session	*s;

	*out = NULL;
	if ((s = calloc(1, sizeof(*s))) == NULL)
		return -1;
	crypto_token(id_out);
	crypto_sha256_hex(id_out, strlen(id_out), s->key);
	crypto_token(s->csrf);
	s->user_id = strdup(user_id);
	s->user_name = strdup(user_name ? user_name : "");
	s->org_id = strdup(org_id ? org_id : "");
	s->org_name = strdup(org_name ? org_name : "");
	s->created = s->seen = time(NULL);
	if (!s->user_id || !s->user_name || !s->org_id || !s->org_name ||
	    session_save(s) == -1) {
		session_free(s);
		return -1;
	}
	*out = s;
	return 0;
}

/* A cookie value we could have issued: 43 base64url characters. */
static int
id_wellformed(const char *id)
{
	size_t	 n;

	for (n = 0; id[n]; n++)
		if (!((id[n] >= 'A' && id[n] <= 'Z') ||
		    (id[n] >= 'a' && id[n] <= 'z') ||
		    (id[n] >= '0' && id[n] <= '9') || id[n] == '-' ||
		    id[n] == '_'))
			return 0;
	return n == CRYPTO_TOKEN_LEN;
}

static char *
dup_member(json_t *j, const char *name)
{
	json_t	*v = json_object_get(j, name);

	return json_is_string(v) ? strdup(json_string_value(v)) : NULL;
}

int
session_load(const struct conf *c, const char *id, time_t now,
    struct session **out)
{
	struct buf	 b = BUF_INIT;
	struct session	*s = NULL;
	json_t		*j = NULL;
	const char	*csrf, *consent;
	time_t		 t;
	int		 rc;

	*out = NULL;
	if (id == NULL || !id_wellformed(id))
		return 1;
	if ((s = calloc(1, sizeof(*s))) == NULL)
		return -1;
	crypto_sha256_hex(id, strlen(id), s->key);
	if ((rc = store_get(STORE_SESSION, s->key, &b, &t)) != 0)
		goto out;
	rc = 1;
	if ((j = json_loadb(b.p, b.len, 0, NULL)) == NULL)
		goto drop;
	s->user_id = dup_member(j, "user_id");
	s->user_name = dup_member(j, "user_name");
	s->org_id = dup_member(j, "org_id");
	s->org_name = dup_member(j, "org_name");
	csrf = json_string_value(json_object_get(j, "csrf"));
	s->created = (time_t)json_integer_value(json_object_get(j, "created"));
	s->seen = (time_t)json_integer_value(json_object_get(j, "seen"));
	if (!s->user_id || !s->user_name || !s->org_id || !s->org_name ||
	    csrf == NULL || strlen(csrf) != CRYPTO_TOKEN_LEN)
		goto drop;
	memcpy(s->csrf, csrf, CRYPTO_TOKEN_LEN + 1);
	if ((consent = json_string_value(json_object_get(j, "consent"))) !=
	    NULL && strlen(consent) < sizeof(s->consent))
		memcpy(s->consent, consent, strlen(consent) + 1);
	/* S4: idle and absolute timeouts from the record's own times. A time
	 * in the future (the clock went back) counts as expired. */
	if (s->created > now || s->seen > now ||
	    now - s->seen > c->session_idle_s ||
	    now - s->created > c->session_max_s ||
	    now - s->created > UPWORK_DATA_MAX_S)
		goto drop;
	if (now - s->seen >= SEEN_WRITE_S) {
		s->seen = now;
		if (session_save(s) == -1) {
			rc = -1;
			goto out;
		}
	}
	*out = s;
	s = NULL;
	rc = 0;
	goto out;
drop:
	store_del(STORE_SESSION, s->key);
out:
	json_decref(j);
	buf_free(&b);
	session_free(s);
	return rc;
}

int
session_set_consent(struct session *s, const char *v)
{
	if (strlen(v) >= sizeof(s->consent))
		return -1;
	if (strcmp(s->consent, v) == 0)
		return 0;
	memcpy(s->consent, v, strlen(v) + 1);
	return session_save(s);
}

int
session_set_org(struct session *s, const char *org_id, const char *org_name)
{
	char	*id = strdup(org_id), *name = strdup(org_name ? org_name : "");

	if (id == NULL || name == NULL) {
		free(id);
		free(name);
		return -1;
	}
	free(s->org_id);
	free(s->org_name);
	s->org_id = id;
	s->org_name = name;
	return session_save(s);
}

int
session_destroy(const struct session *s)
{
	return store_del(STORE_SESSION, s->key);
}
