/* tpl.h: the C face of the ctemplate shim (tpl.cc), the only C++ in Workdesk.
 *
 * Templates are chosen by enum, never by a name from a request (security bar I6).
 * Every template starts with {{%AUTOESCAPE context="HTML"}}, so every variable
 * is escaped by ctemplate for its context; callers pass raw text.
 * No C++ exception or type crosses this header: every function catches and
 * reports failure by its return value. */
#ifndef TPL_H
#define TPL_H

#include "buf.h"

enum tpl_name {
	TPL_LAYOUT,	/* layout.tpl: the page around every screen; {{>BODY}} */
	TPL_SIGNIN,	/* signin.tpl: the signed-out front page */
	TPL_HOME,	/* home.tpl: the dashboard home */
	TPL_ERROR,	/* error.tpl: every error page */
	TPL_DOC,	/* doc.tpl: a document we ship (privacy policy, agreement) */
	TPL_CONSENT,	/* consent.tpl: what connecting Upwork means, before it */
	TPL_ACCOUNT,	/* account.tpl: what we hold about you; disconnect */
	TPL_ADMIN,	/* admin.tpl: the operator's view of calls and cache */
	TPL_JOBS,	/* jobs.tpl: job search and saved searches */
	TPL_JOB,	/* job.tpl: one job posting */
	TPL_APPLY,	/* apply.tpl: the proposal form, or where to apply */
	TPL_PROPOSALS,	/* proposals.tpl: the user's proposals */
	TPL_PROPOSAL,	/* proposal.tpl: one proposal */
	TPL_ORG,	/* org.tpl: choose the organization to work in */
	TPL_CONTRACTS,	/* contracts.tpl: the organization's contracts */
	TPL_CONTRACT,	/* contract.tpl: one contract */
	TPL_ACTION,	/* action.tpl: confirm an action on a contract */
	TPL_MESSAGES,	/* messages.tpl: the user's rooms */
	TPL_ROOM,	/* room.tpl: a room's messages and the reply box */
	TPL_BILLING,	/* billing.tpl: transactions, totals, earnings chart */
	TPL_INVOICE,	/* invoice.tpl: one invoice, printable */
	TPL__MAX
};

struct tpl_dict;

/* Load and parse every template under dir; 0, or -1 with a message on stderr
 * naming the template that failed. Call once before threads start. */
int	 tpl_init(const char *dir);
/* The same, with override_dir (NULL: none) holding an operator's own
 * versions of some templates, file by file: each one that is there, begins
 * with the pragma and parses replaces the shipped one; a bad one is
 * reported and the shipped one used. layout.tpl, signin.tpl and consent.tpl
 * cannot be replaced (the Upwork attribution, the sign-in and consent
 * wording). Reloads (SIGHUP) read both directories again. */
int	 tpl_init_overrides(const char *dir, const char *override_dir);
/* Reload templates changed on disk (SIGHUP). 0, or -1 and the old ones stay. */
int	 tpl_reload(void);
/* Drop every loaded template (at exit, for leak checkers). */
void	 tpl_exit(void);

/* A new top-level dictionary; caller frees with tpl_dict_free. NULL on no memory. */
struct tpl_dict	*tpl_dict_new(void);
void		 tpl_dict_free(struct tpl_dict *);

/* Set {{KEY}} to a copy of value (NULL counts as ""). */
void		 tpl_set(struct tpl_dict *, const char *key, const char *value);
void		 tpl_set_int(struct tpl_dict *, const char *key, long long value);
/* Show {{#SECTION}}...{{/SECTION}} once, with this dictionary's values. */
void		 tpl_show(struct tpl_dict *, const char *section);
/* Add one more repetition of SECTION and return its dictionary: borrowed,
 * owned by the parent, valid until the top-level dictionary is freed.
 * NULL on no memory. */
struct tpl_dict	*tpl_add_section(struct tpl_dict *, const char *section);
/* Fill {{>MARKER}} with template `which` and return the include's dictionary
 * (borrowed as above). NULL on no memory. */
struct tpl_dict	*tpl_include(struct tpl_dict *, const char *marker,
		    enum tpl_name which);

/* Expand template `which` with dict, appending to out. 0, or -1 (nothing
 * useful appended: the caller sends an error page instead). */
int		 tpl_expand(enum tpl_name which, const struct tpl_dict *,
		    struct buf *out);

#endif /* TPL_H */
