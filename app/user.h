/* user.h: what Workdesk keeps about an Upwork user besides the tokens (the
 * consent record, preferences), and deleting all of it. */
#ifndef USER_H
#define USER_H

#include <time.h>

#include <jansson.h>

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

/* A saved job search: the user's own input, not Upwork's data. */
#define SEARCHES_MAX		50
#define SEARCH_NAME_MAX		80	/* characters */
#define SEARCH_QUERY_MAX	1024

struct saved_search {
	char	 id[17];	/* 16 decimal digits */
	char	*name;
	char	*query;		/* the /jobs query string it runs */
	time_t	 created;
	time_t	 looked;	/* when its results were last shown; 0 never */
};

/* The user's saved searches, newest first. *out is the caller's
 * (user_searches_free). 0 or -1. */
int	 user_searches(const char *user_id, struct saved_search **out,
	    size_t *n);
void	 user_searches_free(struct saved_search *, size_t n);
/* Save a new search; its id goes to id_out. 0; 1 the user has
 * SEARCHES_MAX already; -1 error. */
int	 user_search_save(const char *user_id, const char *name,
	    const char *query, char id_out[17]);
/* Rename or delete one. 0; 1 no such search; -1 error. */
int	 user_search_rename(const char *user_id, const char *id,
	    const char *name);
int	 user_search_delete(const char *user_id, const char *id);
/* Mark it looked at now; its previous look time goes to *before. 0; 1 no
 * such search; -1 error. */
int	 user_search_looked(const char *user_id, const char *id, time_t now,
	    time_t *before);

/* A proposal the user is writing: their own text, kept from the first
 * submit until it is sent or deleted. JSON {"cover", "amount", "duration",
 * "answers": {"SEQ": text}, "saved": time}. Its tie to the job (the job's
 * id, and the duration's) is Upwork's data and lasts at most 24 h after
 * the last save (DESIGN.md rule 1); then the sweep turns it into a
 * "letter": the user's text alone, kept for them to copy until they
 * delete it. JSON {"id": 16 digits, "cover", "amount", "answers": [text],
 * "saved": time}. */
#define DRAFTS_MAX		50
#define LETTERS_MAX		100	/* beyond it, the oldest letter goes */
#define DRAFT_TIE_S		(24 * 3600)
/* The draft for job_id: 0 and *out (new reference); 1 none (or past its
 * 24 h: a letter by now, or soon); -1 error. */
int	 user_draft_get(const char *user_id, const char *job_id, json_t **out);
/* Save it (durable before it returns), stamped with now. 0; 1 the user has
 * DRAFTS_MAX drafts for other jobs already; -1 error. */
int	 user_draft_put(const char *user_id, const char *job_id, json_t *draft,
	    time_t now);
/* 0 (also when there was none) or -1. */
int	 user_draft_delete(const char *user_id, const char *job_id);
/* All of the user's drafts: an object {job id: draft} (new reference;
 * empty when none; drafts past their 24 h left out), NULL on error. */
json_t	*user_drafts(const char *user_id, time_t now);
/* The user's letters (new reference, an array, newest last), NULL on error. */
json_t	*user_letters(const char *user_id);
/* Delete one letter. 0 (also when there was none) or -1. */
int	 user_letter_delete(const char *user_id, const char *id);
/* Turn every draft saved DRAFT_TIE_S or more before now into a letter,
 * for every user. How many users' records changed, or -1. */
long	 user_sweep_drafts(time_t now);

/* The blocks of the dashboard home (page-home.c) the user chose to see, in
 * their order: the user's own choice, kept until they change it or delete
 * their data. The names are page-home.c's; this file only keeps the list.
 * HOME_BLOCKS_MAX bounds it. */
#define HOME_BLOCKS_MAX		16
#define HOME_BLOCK_NAME_MAX	15	/* bytes */
enum user_home_op { USER_HOME_UP, USER_HOME_DOWN, USER_HOME_HIDE,
	USER_HOME_SHOW };
/* The list: a new reference to an array of strings (empty when the user
 * chose none), JSON null when the user never chose (the caller shows its
 * default), NULL on error. Not checked: the caller skips names it does
 * not know. */
json_t	*user_home_blocks(const char *user_id);
/* Move block one place up or down, hide it (take it out of the list) or
 * show it (add it at the end). 0; 1 nothing to do (already first or last,
 * not shown, already shown, the list full); -1 error. */
int	 user_home_edit(const char *user_id, const char *block,
	    enum user_home_op op);
/* Replace the list with names[0..n) (n <= HOME_BLOCKS_MAX). 0 or -1. */
int	 user_home_set(const char *user_id, const char *const names[],
	    size_t n);

/* Record that user_id signed in at time now (for the dormant purge). */
int	 user_signed_in(const char *user_id, time_t now);
/* The user's own data as JSON (consent, last sign-in, saved searches,
 * drafts, dashboard blocks):
 * never tokens, never Upwork content. New reference; NULL on error. */
json_t	*user_export(const char *user_id);
/* Purge every user not signed in for dormant_s seconds, and every user
 * whose refresh token is dead (older than 14 days). Count or -1. */
long	 user_sweep_dormant(time_t now, long dormant_s);
/* Delete everything of everyone: tokens, sessions, sign-ins, user records,
 * cache (the end of the API Terms). Count of records or -1. */
long	 user_purge_all(void);

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
