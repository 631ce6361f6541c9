/* form.c: single-use form nonces, claimed once in the store (STORE_FORM).
 *
 * Record key: SHA-256 of "user|nonce", so a nonce is worth nothing to
 * another user. Payload: {"user": id, "state": "sent|done|refused"}, with
 * the claim time as the record time. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "buf.h"
#include "form.h"
#include "store.h"

static const char *const state_names[] = { "sent", "done", "refused" };

static void
form_key(const char *user_id, const char *nonce,
    char out[CRYPTO_HEX_LEN + 1])
{
	struct buf	 b = BUF_INIT;

	buf_printf(&b, "%s|%s", user_id, nonce);
	crypto_sha256_hex(b.p ? b.p : "", b.len, out);
	buf_free(&b);
}

void
form_nonce(char out[CRYPTO_TOKEN_LEN + 1])
{
	crypto_token(out);
}

int
form_nonce_ok(const char *s)
{
	return s != NULL && strlen(s) == CRYPTO_TOKEN_LEN &&
	    strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	    "0123456789-_") == CRYPTO_TOKEN_LEN;
}

static int
parse_claim(const struct buf *b, time_t t, struct form_claim *c)
{
	json_t		*j = json_loadb(b->p, b->len, 0, NULL);
	const char	*st = json_string_value(json_object_get(j, "state"));
	size_t		 i;

	memset(c, 0, sizeof(*c));
	c->state = FORM_SENT;	/* unreadable: assume the worst */
	c->at = t;
	for (i = 0; st != NULL && i < sizeof(state_names) /
	    sizeof(state_names[0]); i++)
		if (strcmp(st, state_names[i]) == 0)
			c->state = (enum form_state)i;
	json_decref(j);
	return 0;
}

static int
put_claim(const char *key, const char *user_id, enum form_state st,
    int locked)
{
	json_t	*j;
	char	*text;
	int	 rc;

	j = json_pack("{s:s, s:s}", "user", user_id, "state", state_names[st]);
	if (j == NULL || (text = json_dumps(j, JSON_COMPACT)) == NULL) {
		json_decref(j);
		return -1;
	}
	rc = (locked ? store_put_locked : store_put)(STORE_FORM, key, text,
	    strlen(text), time(NULL));
	free(text);
	json_decref(j);
	return rc;
}

int
form_claim(const char *user_id, const char *nonce, struct form_claim *prev)
{
	char		 key[CRYPTO_HEX_LEN + 1];
	struct buf	 b = BUF_INIT;
	time_t		 t;
	int		 lk, rc;

	form_key(user_id, nonce, key);
	if ((lk = store_lock(STORE_FORM, key)) == -1)
		return -1;
	rc = store_get(STORE_FORM, key, &b, &t);
	if (rc == 0) {
		parse_claim(&b, t, prev);
		rc = 1;
	} else if (rc == 1)
		rc = put_claim(key, user_id, FORM_SENT, 1);
	store_unlock(lk);
	buf_free(&b);
	return rc;
}

int
form_settle(const char *user_id, const char *nonce, enum form_state st)
{
	char	 key[CRYPTO_HEX_LEN + 1];

	form_key(user_id, nonce, key);
	return put_claim(key, user_id, st, 0);
}

void
form_wait(const char *user_id, const char *nonce, long wait_ms,
    struct form_claim *c)
{
	char		 key[CRYPTO_HEX_LEN + 1];
	struct buf	 b = BUF_INIT;
	time_t		 t;

	form_key(user_id, nonce, key);
	for (; c->state == FORM_SENT && wait_ms > 0; wait_ms -= 100) {
		usleep(100 * 1000);
		buf_reset(&b);
		if (store_get(STORE_FORM, key, &b, &t) == 0)
			parse_claim(&b, t, c);
	}
	buf_free(&b);
}

static int
of_user(const char *key, const void *data, size_t len, void *arg)
{
	json_t		*j = json_loadb(data, len, 0, NULL);
	const char	*u = json_string_value(json_object_get(j, "user"));
	int		 yes = u != NULL && strcmp(u, arg) == 0;

	(void)key;
	json_decref(j);
	return yes;
}

int
form_purge_user(const char *user_id)
{
	return store_select(STORE_FORM, of_user, (void *)user_id, 1) < 0 ?
	    -1 : 0;
}
