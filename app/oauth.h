/* oauth.h: Upwork OAuth 2.0 (authorization code), the token vault, refresh. */
#ifndef OAUTH_H
#define OAUTH_H

#include <time.h>

#include "crypto.h"

#define OAUTH_TX_COOKIE	"__Host-oauth_tx"
#define OAUTH_TX_TTL_S	600		/* security bar O2: 10 minutes */
#define OAUTH_TOKEN_MAX	8192		/* O16: bytes per token */
#define OAUTH_REFRESH_LIFE_S (14 * 86400) /* upwork-api.md §1.5 */

struct conf;
struct req;

struct oauth_tokens {
	char	*access;
	char	*refresh;
	time_t	 access_expires;	/* from expires_in, never assumed */
	time_t	 refresh_issued;	/* Upwork refresh tokens live 14 days */
};

/* Why a callback failed; each has its own message on the signed-out page. */
enum oauth_fail {
	OAUTH_OK,
	OAUTH_DENIED,		/* the user pressed Deny at Upwork */
	OAUTH_BAD_STATE,	/* missing/wrong/expired/replayed: 400, no exchange */
	OAUTH_AS_ERROR,		/* Upwork answered the callback with an error */
	OAUTH_EXCHANGE,		/* the token endpoint failed or said no */
};

/* What a login transaction carries from the start of a sign-in to its end. */
struct oauth_login {
	char	 consent[16];	/* the policy version the user agreed to */
	char	 next[64];	/* where to go afterwards: a checked local path */
};

/* Start a sign-in: a login transaction (state, PKCE verifier, the login's
 * consent and next) stored under the hash of a new pre-login cookie, and a
 * 303 to Upwork's authorize page. Returns the HTTP status. */
int	 oauth_begin(struct req *, const struct oauth_login *);
/* Finish it: check state against the transaction (taken once), exchange the
 * code. On OAUTH_OK *tok holds the tokens (oauth_tokens_free) and *login
 * what oauth_begin stored. The transaction cookie is cleared in every case. */
enum oauth_fail oauth_callback(struct req *, struct oauth_tokens *tok,
		    struct oauth_login *login);

/* The vault: tokens sealed for user_id (security bar K1), written durably. */
int	 oauth_tokens_save(const char *user_id, const struct oauth_tokens *);
/* 0 loaded; 1 none; -1 damaged or forged (the record is deleted). */
int	 oauth_tokens_load(const char *user_id, struct oauth_tokens *);
int	 oauth_tokens_delete(const char *user_id);
void	 oauth_tokens_free(struct oauth_tokens *);

/* A valid access token for user_id, refreshing it first when it expires
 * within 5 minutes (O12: one refresh at a time per user, the rotated
 * refresh token stored before the new access token is used). 0 and *access
 * (caller frees); 1 the user must sign in again (tokens gone or refused:
 * they are deleted); -1 Upwork or the store failed (try later). */
int	 oauth_access_token(const struct conf *, const char *user_id,
	    char **access);

/* Upwork refused access token `failed` (a 401): refresh once, unless
 * another request already did (then its token is returned). Returns as
 * oauth_access_token. */
int	 oauth_renew(const struct conf *, const char *user_id,
	    const char *failed, char **access);

/* Parse a token endpoint answer strictly (O16). 0 or -1. */
int	 oauth_parse_tokens(const char *body, size_t len, time_t now,
	    struct oauth_tokens *out);

#endif /* OAUTH_H */
