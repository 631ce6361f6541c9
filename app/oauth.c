/* oauth.c: the OAuth 2.0 client (security bar §1, O1-O17) and the vault.
 *
 * Login transaction record (STORE_LOGIN, keyed by SHA-256 of the
 * __Host-oauth_tx cookie): {state, verifier, created, consent, next},
 * sealed by crypto_seal with the record's key in the associated data. It
 * is taken (read and deleted) by the first callback that presents the
 * cookie, match or not.
 *
 * Token record (STORE_TOKENS, keyed by the Upwork user id): the JSON
 * {access, refresh, access_expires, refresh_issued} sealed by crypto_seal
 * with the user id in the associated data. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>
#include <sodium.h>

#include "conf.h"
#include "http.h"
#include "oauth.h"
#include "req.h"
#include "store.h"

#define REFRESH_MARGIN_S	300		/* O12: refresh 5 min early */
#define TOKENS_TYPE		"tokens"
#define LOGIN_TYPE		"login"

void
oauth_tokens_free(struct oauth_tokens *t)
{
	if (t->access) {
		sodium_memzero(t->access, strlen(t->access));
		free(t->access);
	}
	if (t->refresh) {
		sodium_memzero(t->refresh, strlen(t->refresh));
		free(t->refresh);
	}
	memset(t, 0, sizeof(*t));
}

int
oauth_begin(struct req *r, const struct oauth_login *login)
{
	const struct conf	*c = r->conf;
	char			 cookie[CRYPTO_TOKEN_LEN + 1];
	char			 key[CRYPTO_HEX_LEN + 1];
	char			 state[CRYPTO_TOKEN_LEN + 1];
	char			 verifier[CRYPTO_TOKEN_LEN + 1];
	char			 challenge[CRYPTO_TOKEN_LEN + 1];
	struct buf		 url = BUF_INIT, sealed = BUF_INIT;
	json_t			*tx;
	char			*text;
	int			 rc = 500;

	crypto_token(cookie);
	crypto_token(state);
	crypto_token(verifier);
	crypto_sha256_hex(cookie, strlen(cookie), key);
	tx = json_pack("{s:s, s:s, s:I, s:s, s:s}", "state", state,
	    "verifier", verifier, "created", (json_int_t)time(NULL),
	    "consent", login->consent, "next", login->next);
	if (tx == NULL || (text = json_dumps(tx, JSON_COMPACT)) == NULL) {
		json_decref(tx);
		return 500;
	}
	json_decref(tx);
	/* state and the PKCE verifier are secrets for ten minutes: sealed
	 * like tokens, bound to this transaction's key. */
	if (crypto_seal(key, LOGIN_TYPE, text, strlen(text), &sealed) == -1 ||
	    store_put(STORE_LOGIN, key, sealed.p, sealed.len, time(NULL)) == -1)
		goto out;

	/* O1, O4: response_type=code, the configured redirect URI byte for
	 * byte; no scope (Upwork binds scopes to the key and rejects it). */
	buf_puts(&url, c->upwork_authorize_url);
	buf_puts(&url, strchr(c->upwork_authorize_url, '?') ? "&" : "?");
	buf_puts(&url, "response_type=code&client_id=");
	buf_urlencode(&url, c->upwork_client_id);
	buf_puts(&url, "&redirect_uri=");
	buf_urlencode(&url, c->redirect_uri);
	buf_puts(&url, "&state=");
	buf_puts(&url, state);
	if (c->pkce) {
		crypto_pkce_s256(verifier, challenge);
		buf_puts(&url, "&code_challenge=");
		buf_puts(&url, challenge);
		if (buf_puts(&url, "&code_challenge_method=S256") == -1)
			goto out;
	}
	if (req_cookie(r, OAUTH_TX_COOKIE, cookie, OAUTH_TX_TTL_S) == -1 ||
	    req_header(r, "Referrer-Policy", "no-referrer") == -1)
		goto out;
	rc = req_redirect_external(r, url.p);
out:
	sodium_memzero(text, strlen(text));
	free(text);
	buf_free(&url);
	buf_free(&sealed);
	sodium_memzero(verifier, sizeof(verifier));
	return rc;
}

int
oauth_parse_tokens(const char *body, size_t len, time_t now,
    struct oauth_tokens *out)
{
	json_t		*j, *v;
	const char	*access, *refresh, *type;
	json_int_t	 expires;

	memset(out, 0, sizeof(*out));
	if (len > 4 * OAUTH_TOKEN_MAX)
		return -1;
	if ((j = json_loadb(body, len, JSON_REJECT_DUPLICATES, NULL)) == NULL)
		return -1;
	access = json_string_value(json_object_get(j, "access_token"));
	refresh = json_string_value(json_object_get(j, "refresh_token"));
	type = json_string_value(json_object_get(j, "token_type"));
	v = json_object_get(j, "expires_in");
	/* Upwork's SDK examples show expires_in as a string: accept both. */
	if (json_is_integer(v))
		expires = json_integer_value(v);
	else if (json_is_string(v) && json_string_length(v) > 0 &&
	    json_string_length(v) < 10 &&
	    strspn(json_string_value(v), "0123456789") == json_string_length(v))
		expires = strtoll(json_string_value(v), NULL, 10);
	else
		expires = -1;
	if (access == NULL || type == NULL || strcasecmp(type, "bearer") != 0 ||
	    strlen(access) == 0 || strlen(access) > OAUTH_TOKEN_MAX ||
	    (refresh != NULL && (strlen(refresh) == 0 ||
	    strlen(refresh) > OAUTH_TOKEN_MAX)) ||
	    expires <= 0 || expires > 366 * 86400 ||
	    strpbrk(access, "\r\n ") != NULL ||
	    (refresh != NULL && strpbrk(refresh, "\r\n ") != NULL)) {
		json_decref(j);
		return -1;
	}
	out->access = strdup(access);
	out->refresh = refresh ? strdup(refresh) : NULL;
	out->access_expires = now + (time_t)expires;
	out->refresh_issued = now;
	json_decref(j);
	if (out->access == NULL || (refresh != NULL && out->refresh == NULL)) {
		oauth_tokens_free(out);
		return -1;
	}
	return 0;
}

/* POST a form to the token endpoint with the client credentials in the
 * body (upwork-api.md §1.4). 0 tokens parsed; 1 the endpoint refused
 * (error such as invalid_grant, copied to err); -1 no usable answer. */
static int
token_request(const struct conf *c, struct buf *form, struct oauth_tokens *out,
    char *err, size_t errsz)
{
	struct http_resp	 resp;
	struct http_call	 call;
	json_t			*j;
	const char		*e;
	int			 rc = -1;

	memset(&resp, 0, sizeof(resp));
	memset(&call, 0, sizeof(call));
	buf_puts(form, "&client_id=");
	buf_urlencode(form, c->upwork_client_id);
	buf_puts(form, "&client_secret=");
	if (buf_urlencode(form, c->upwork_client_secret) == -1)
		goto out;
	/* Token requests are never retried: a code is single-use and a
	 * refresh rotates the refresh token (R3). */
	call.url = c->upwork_token_url;
	call.content_type = "application/x-www-form-urlencoded";
	call.body = form->p;
	call.len = form->len;
	call.deadline_ms = http_deadline();
	if (http_call(&call, &resp) == -1) {
		snprintf(err, errsz, "token endpoint unreachable: %.90s", resp.error);
		goto out;
	}
	if (resp.status == 200) {
		if (oauth_parse_tokens(resp.body.p, resp.body.len, time(NULL),
		    out) == 0)
			rc = 0;
		else
			snprintf(err, errsz, "token endpoint answer malformed");
		goto out;
	}
	if (resp.status >= 400 && resp.status < 500 && (j = json_loadb(
	    resp.body.p ? resp.body.p : "", resp.body.len, 0, NULL)) != NULL) {
		e = json_string_value(json_object_get(j, "error"));
		/* O6: the AS's words are untrusted; keep a short, plain copy. */
		snprintf(err, errsz, "%.40s", e ? e : "refused");
		for (char *p = err; *p; p++)
			if (!((*p >= 'a' && *p <= 'z') || *p == '_'))
				*p = '?';
		json_decref(j);
		rc = 1;
		goto out;
	}
	snprintf(err, errsz, "token endpoint answered HTTP %ld", resp.status);
out:
	sodium_memzero(form->p, form->len);
	http_resp_free(&resp);
	return rc;
}

enum oauth_fail
oauth_callback(struct req *r, struct oauth_tokens *tok,
    struct oauth_login *login)
{
	const struct conf	*c = r->conf;
	const char		*cookie, *state, *code, *error, *want, *verifier;
	const char		*consent, *next;
	char			 key[CRYPTO_HEX_LEN + 1], err[128];
	struct buf		 tx = BUF_INIT, form = BUF_INIT, sealed = BUF_INIT;
	json_t			*j = NULL;
	json_int_t		 created;
	time_t			 t;
	enum oauth_fail		 rc = OAUTH_BAD_STATE;

	memset(tok, 0, sizeof(*tok));
	memset(login, 0, sizeof(*login));
	req_cookie(r, OAUTH_TX_COOKIE, "", 0);
	cookie = kv_get(&r->cookies, OAUTH_TX_COOKIE);
	state = kv_get(&r->query, "state");
	code = kv_get(&r->query, "code");
	error = kv_get(&r->query, "error");
	if (cookie == NULL || strlen(cookie) != CRYPTO_TOKEN_LEN)
		return OAUTH_BAD_STATE;
	crypto_sha256_hex(cookie, strlen(cookie), key);
	/* O2: used once, match or not. */
	if (store_take(STORE_LOGIN, key, &sealed, &t) != 0 ||
	    crypto_open(key, LOGIN_TYPE, sealed.p, sealed.len, &tx) == -1)
		goto out;
	if ((j = json_loadb(tx.p, tx.len, 0, NULL)) == NULL)
		goto out;
	want = json_string_value(json_object_get(j, "state"));
	verifier = json_string_value(json_object_get(j, "verifier"));
	created = json_integer_value(json_object_get(j, "created"));
	consent = json_string_value(json_object_get(j, "consent"));
	next = json_string_value(json_object_get(j, "next"));
	if (want == NULL || verifier == NULL || state == NULL ||
	    !crypto_streq(state, want) || created > time(NULL) ||
	    time(NULL) - created > OAUTH_TX_TTL_S)
		goto out;
	/* O7: one authorization server, no issuer configured: an `iss` in
	 * the answer can only come from a mix-up, so the flow stops. */
	if (kv_get(&r->query, "iss") != NULL)
		goto out;
	/* No Upwork call without the user's agreement (DESIGN.md rule 5). */
	if (consent == NULL || *consent == '\0' ||
	    strlen(consent) >= sizeof(login->consent) || next == NULL ||
	    strlen(next) >= sizeof(login->next))
		goto out;
	memcpy(login->consent, consent, strlen(consent) + 1);
	memcpy(login->next, next, strlen(next) + 1);
	if (error != NULL) {
		rc = strcmp(error, "access_denied") == 0 ? OAUTH_DENIED :
		    OAUTH_AS_ERROR;
		goto out;
	}
	if (code == NULL || *code == '\0' || strlen(code) > OAUTH_TOKEN_MAX)
		goto out;
	/* O4: the same redirect URI as in the authorize request. */
	buf_puts(&form, "grant_type=authorization_code&code=");
	buf_urlencode(&form, code);
	buf_puts(&form, "&redirect_uri=");
	buf_urlencode(&form, c->redirect_uri);
	if (c->pkce) {
		buf_puts(&form, "&code_verifier=");
		buf_urlencode(&form, verifier);
	}
	rc = token_request(c, &form, tok, err, sizeof(err)) == 0 ? OAUTH_OK :
	    OAUTH_EXCHANGE;
	if (rc != OAUTH_OK)
		fprintf(stderr, "%s oauth: code exchange failed: %s\n", r->id,
		    err);
out:
	if (tx.p)
		sodium_memzero(tx.p, tx.len);
	buf_free(&tx);
	buf_free(&sealed);
	buf_free(&form);
	json_decref(j);
	return rc;
}

static int
tokens_encode(const char *user_id, const struct oauth_tokens *t,
    struct buf *sealed)
{
	json_t	*j;
	char	*text;
	int	 rc;

	j = json_pack("{s:s, s:s?, s:I, s:I}", "access", t->access,
	    "refresh", t->refresh, "access_expires", (json_int_t)t->access_expires,
	    "refresh_issued", (json_int_t)t->refresh_issued);
	if (j == NULL || (text = json_dumps(j, JSON_COMPACT)) == NULL) {
		json_decref(j);
		return -1;
	}
	json_decref(j);
	rc = crypto_seal(user_id, TOKENS_TYPE, text, strlen(text), sealed);
	sodium_memzero(text, strlen(text));
	free(text);
	return rc;
}

static int
tokens_write(const char *user_id, const struct oauth_tokens *t, int locked)
{
	struct buf	 sealed = BUF_INIT;
	int		 rc = -1;

	if (tokens_encode(user_id, t, &sealed) == 0)
		rc = (locked ? store_put_locked : store_put)(STORE_TOKENS,
		    user_id, sealed.p, sealed.len, time(NULL));
	buf_free(&sealed);
	return rc;
}

int
oauth_tokens_save(const char *user_id, const struct oauth_tokens *t)
{
	return tokens_write(user_id, t, 0);
}

int
oauth_tokens_load(const char *user_id, struct oauth_tokens *t)
{
	struct buf	 sealed = BUF_INIT, plain = BUF_INIT;
	json_t		*j = NULL;
	const char	*a, *rf;
	int		 rc;

	memset(t, 0, sizeof(*t));
	if ((rc = store_get(STORE_TOKENS, user_id, &sealed, NULL)) != 0)
		goto out;
	rc = -1;
	if (crypto_open(user_id, TOKENS_TYPE, sealed.p, sealed.len, &plain) == -1 ||
	    (j = json_loadb(plain.p, plain.len, 0, NULL)) == NULL) {
		/* K1: forged, swapped or damaged: it is worth nothing. */
		fprintf(stderr, "vault: token record of a user failed "
		    "authentication; deleted, the user must sign in again\n");
		store_del(STORE_TOKENS, user_id);
		goto out;
	}
	a = json_string_value(json_object_get(j, "access"));
	rf = json_string_value(json_object_get(j, "refresh"));
	if (a == NULL || (t->access = strdup(a)) == NULL)
		goto out;
	if (rf != NULL && (t->refresh = strdup(rf)) == NULL)
		goto out;
	t->access_expires = (time_t)json_integer_value(
	    json_object_get(j, "access_expires"));
	t->refresh_issued = (time_t)json_integer_value(
	    json_object_get(j, "refresh_issued"));
	rc = 0;
out:
	if (rc != 0)
		oauth_tokens_free(t);
	json_decref(j);
	if (plain.p)
		sodium_memzero(plain.p, plain.len);
	buf_free(&plain);
	buf_free(&sealed);
	return rc;
}

int
oauth_tokens_delete(const char *user_id)
{
	return store_del(STORE_TOKENS, user_id);
}

/* Under the user's token lock: refresh unless someone already did. With
 * failed == NULL, refresh when the access token expires within the margin;
 * otherwise when the stored access token is still the one Upwork refused.
 * Returns as oauth_access_token. */
static int
refresh_locked(const struct conf *c, const char *user_id, const char *failed,
    char **access)
{
	struct oauth_tokens	 t, fresh;
	struct buf		 form = BUF_INIT;
	char			 err[128];
	int			 rc;

	if (oauth_tokens_load(user_id, &t) != 0)
		return 1;
	if (failed == NULL ? t.access_expires - REFRESH_MARGIN_S > time(NULL) :
	    strcmp(t.access, failed) != 0) {
		*access = t.access;
		t.access = NULL;
		rc = 0;
		goto out;
	}
	if (t.refresh == NULL || time(NULL) - t.refresh_issued >= OAUTH_REFRESH_LIFE_S) {
		store_del_locked(STORE_TOKENS, user_id);
		rc = 1;
		goto out;
	}
	buf_puts(&form, "grant_type=refresh_token&refresh_token=");
	buf_urlencode(&form, t.refresh);
	rc = token_request(c, &form, &fresh, err, sizeof(err));
	if (rc == 1) {
		/* invalid_grant and friends: no retry loop (O12, R9). */
		fprintf(stderr, "oauth: refresh refused (%s); tokens deleted\n",
		    err);
		store_del_locked(STORE_TOKENS, user_id);
		goto out;
	}
	if (rc == -1) {
		fprintf(stderr, "oauth: refresh failed: %s\n", err);
		goto out;
	}
	/* No new refresh token in the answer: keep the old one. */
	if (fresh.refresh == NULL) {
		fresh.refresh = t.refresh;
		fresh.refresh_issued = t.refresh_issued;
		t.refresh = NULL;
	}
	/* The rotated refresh token is durable before the access token is
	 * used; if it cannot be written, the new tokens are not used. */
	if (tokens_write(user_id, &fresh, 1) == -1) {
		oauth_tokens_free(&fresh);
		rc = -1;
		goto out;
	}
	*access = fresh.access;
	fresh.access = NULL;
	oauth_tokens_free(&fresh);
	rc = 0;
out:
	oauth_tokens_free(&t);
	buf_free(&form);
	return rc;
}

int
oauth_access_token(const struct conf *c, const char *user_id, char **access)
{
	struct oauth_tokens	 t;
	int			 lk, rc;

	*access = NULL;
	if (oauth_tokens_load(user_id, &t) != 0)
		return 1;	/* none, or damaged and deleted: sign in again */
	if (t.access_expires - REFRESH_MARGIN_S > time(NULL)) {
		*access = t.access;
		t.access = NULL;
		oauth_tokens_free(&t);
		return 0;
	}
	oauth_tokens_free(&t);
	/* O12: one refresh at a time per user, across threads and processes.
	 * Whoever waited on the lock re-reads: the winner may have refreshed. */
	if ((lk = store_lock(STORE_TOKENS, user_id)) == -1)
		return -1;
	rc = refresh_locked(c, user_id, NULL, access);
	store_unlock(lk);
	return rc;
}

int
oauth_renew(const struct conf *c, const char *user_id, const char *failed,
    char **access)
{
	int	 lk, rc;

	*access = NULL;
	if ((lk = store_lock(STORE_TOKENS, user_id)) == -1)
		return -1;
	rc = refresh_locked(c, user_id, failed, access);
	store_unlock(lk);
	return rc;
}
