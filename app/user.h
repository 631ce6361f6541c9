/* user.h: what Workdesk keeps about an Upwork user besides the tokens (the
 * consent record, later preferences), and deleting all of it. */
#ifndef USER_H
#define USER_H

#include <time.h>

/* The version of PRIVACY.md + TERMS.md a user agrees to. Raise it when
 * either changes in substance: every user is asked to agree again. */
#define POLICY_VERSION	"1"
/* The browser's memory that its user agreed to POLICY_VERSION, so a
 * returning browser is not asked again on every sign-in. Not a secret. */
#define CONSENT_COOKIE	"__Host-consent"
#define CONSENT_COOKIE_MAX_AGE_S	(365L * 86400)

struct user_consent {
	char	 version[16];
	time_t	 at;
};

/* Record that user_id agreed to version at time at (durable). 0 or -1. */
int	 user_consent_save(const char *user_id, const char *version, time_t at);
/* 0 and *out; 1 none recorded; -1 store error. */
int	 user_consent_get(const char *user_id, struct user_consent *out);

/* How many live session records belong to user_id; -1 on error. */
long	 user_sessions_count(const char *user_id);
/* Delete every session of user_id (an admin ending them, or a purge).
 * Returns how many, or -1. */
long	 user_sessions_end(const char *user_id);

/* Delete everything Workdesk holds about user_id: tokens, sessions, the
 * user record (consent, preferences, drafts) and cached Upwork data.
 * 0, or -1 if anything could not be deleted (what could, is). */
int	 user_purge(const char *user_id);

#endif /* USER_H */
