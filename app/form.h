/* form.h: single-use form nonces (security bar C4, R3).
 *
 * A form that makes Upwork act (send a proposal) carries a random nonce.
 * Issuing one stores nothing (opening a page changes nothing, C2); the
 * first POST that carries it claims it with a durable record, so a double
 * click, a replayed request or a resent form finds the claim and never
 * causes a second call. The record keeps what became of the first one:
 * its state only, nothing of Upwork's (the new proposal's id would be
 * Upwork data kept past 24 h, DESIGN.md rule 1). */
#ifndef FORM_H
#define FORM_H

#include <time.h>

#include "crypto.h"

#define FORM_KEEP_S	(7L * 86400)	/* claims outlive any resend */

enum form_state {
	FORM_SENT,	/* claimed; the call is under way, or its answer lost */
	FORM_DONE,	/* Upwork did it */
	FORM_REFUSED,	/* Upwork refused it, or it was never sent */
};

struct form_claim {
	enum form_state	 state;
	time_t		 at;
};

/* A fresh nonce for a form. */
void	 form_nonce(char out[CRYPTO_TOKEN_LEN + 1]);
/* Is s shaped like a nonce? */
int	 form_nonce_ok(const char *s);
/* Claim nonce for user_id: 0 claimed now (state FORM_SENT); 1 claimed
 * before (*prev says how it went); -1 store error (not claimed). */
int	 form_claim(const char *user_id, const char *nonce,
	    struct form_claim *prev);
/* Record how the claimed request ended. 0 or -1. */
int	 form_settle(const char *user_id, const char *nonce, enum form_state);
/* Wait up to wait_ms for a claim in FORM_SENT to settle (the first of a
 * double click still running); *c is updated. */
void	 form_wait(const char *user_id, const char *nonce, long wait_ms,
	    struct form_claim *c);
/* Delete every claim of user_id (with the rest of their data). 0 or -1. */
int	 form_purge_user(const char *user_id);

#endif /* FORM_H */
