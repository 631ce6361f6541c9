/* user.c: the per-user record and the purge.
 *
 * The record (STORE_USER, keyed by the Upwork user id) is JSON:
 * {"consent": {"version": "1", "at": 1764400000}}. It holds the user's own
 * choices only, never Upwork content, so the 24 h ceiling does not apply. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cache.h"
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

int
user_consent_save(const char *user_id, const char *version, time_t at)
{
	json_t	*j, *c;
	int	 lk, rc = -1;

	/* Read-modify-write under the key's lock: other members may be added
	 * by other requests at the same time. */
	if ((lk = store_lock(STORE_USER, user_id)) == -1)
		return -1;
	if ((j = record_load(user_id)) != NULL &&
	    (c = json_pack("{s:s, s:I}", "version", version,
	    "at", (json_int_t)at)) != NULL &&
	    json_object_set_new(j, "consent", c) == 0)
		rc = record_save(user_id, j, 1);
	json_decref(j);
	store_unlock(lk);
	return rc;
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
	return rc;
}
