/* session.h: signed-in sessions and their CSRF tokens.
 *
 * The session id lives only in the browser's __Host-sid cookie; the store
 * keys the record by SHA-256 of it (security bar S2). */
#ifndef SESSION_H
#define SESSION_H

#include <time.h>

#include "crypto.h"

#define SESSION_COOKIE	"__Host-sid"

struct conf;

struct session {
	char	 key[CRYPTO_HEX_LEN + 1];	/* SHA-256(id): the store key */
	char	 csrf[CRYPTO_TOKEN_LEN + 1];	/* synchronizer token (C1) */
	char	*user_id;			/* Upwork user id */
	char	*user_name;			/* shown in the header */
	char	*org_id;			/* current organization (tenant) */
	char	*org_name;
	char	 consent[16];	/* the policy version this session knows the
				   user agreed to ("" until checked) */
	time_t	 created;
	time_t	 seen;
};

/* Create and store a new session; the new id (43 chars) goes to id_out for
 * the cookie. *out is the caller's (session_free). 0 or -1. */
int	 session_create(const char *user_id, const char *user_name,
	    const char *org_id, const char *org_name,
	    char id_out[CRYPTO_TOKEN_LEN + 1], struct session **out);
/* Find the session of cookie id. 0 and *out; 1 none (unknown, malformed or
 * expired: an expired record is deleted); -1 store error. Marks it seen,
 * writing the record at most once a minute. */
int	 session_load(const struct conf *, const char *id, time_t now,
	    struct session **out);
/* Work in another organization from now on (the caller has checked that
 * Upwork lists it for the user): the record is saved. 0 or -1. */
/* Remember in the session that its user agreed to policy version v, so
 * later requests need not read the user record to know. 0 or -1. */
int	 session_set_consent(struct session *, const char *v);
int	 session_set_org(struct session *, const char *org_id,
	    const char *org_name);
/* Delete the record (sign-out). 0 or -1. */
int	 session_destroy(const struct session *);
void	 session_free(struct session *);

#endif /* SESSION_H */
