/* page.h: what every page handler shares: the layout, error pages, and the
 * handlers themselves (one page-*.c file per screen). */
#ifndef PAGE_H
#define PAGE_H

#include <time.h>

#include <jansson.h>

#include "gql.h"
#include "tpl.h"

struct req;
struct upwork_res;

/* Flags for page_begin. */
#define PAGE_UPWORK_CONTENT	0x01	/* shows Upwork data: attribution */

/* Start a page: the layout dictionary (returned, caller passes it to
 * page_end) with the sandbox banner, the signed-in header and navigation
 * filled in, and body's dictionary in *bodyd (borrowed from the layout).
 * NULL on no memory. */
struct tpl_dict	*page_begin(struct req *, const char *title,
		    enum tpl_name body, struct tpl_dict **bodyd, unsigned flags);
/* Expand layout into r->body and free it. Returns status, or 500 if the
 * template failed (then r->body is empty, for the central error page). */
int		 page_end(struct req *, struct tpl_dict *layout, int status);

/* Show in the layout how old Upwork data is when it is served stale
 * (Upwork unavailable). */
void		 page_data_age(struct req *, struct tpl_dict *layout,
		    const struct upwork_res *);
/* Write t as "2026-11-29 10:03 UTC" into out (at least 32 bytes). */
#define PAGE_TIME_LEN	32
const char	*page_time(char out[PAGE_TIME_LEN], time_t t);

/* Upwork no longer accepts the user's authorization (tokens gone or
 * refused): end the session and send them to sign in. Returns 303. */
int		 page_signed_out_by_upwork(struct req *);

/* Render the error page into r->body. heading/message/hint are ours;
 * detail may be hostile text (auto-escaped). Returns status. */
int		 page_error(struct req *, int status, const char *heading,
		    const char *message, const char *hint, const char *detail);
/* The error page for a failed Upwork call. */
int		 page_upwork_error(struct req *, const struct upwork_res *);
/* The 504 page of a mutation whose answer never came
 * (upwork_err_maybe_done): what was sent, and where to look before
 * trying again. Logged with the error's name. */
int		 page_outcome_unknown(struct req *, const struct upwork_res *,
		    const char *message, const char *hint);
/* A choice in a <select>: what the URL carries, what people read. */
struct page_option {
	const char	*value;
	const char	*label;
};
/* One SECTION per option ({{OPT_VALUE}}, {{OPT_LABEL}}), the one whose
 * value is current marked {{#OPT_SELECTED}}. */
void		 page_options(struct tpl_dict *, const char *section,
		    const struct page_option *, size_t n, const char *current);
/* Read doc (cache_fetch) for a page: 0 with *u filled (the caller frees
 * it), or the status of the page already written for Upwork's error (the
 * user signed out when Upwork ended the authorization); *u is freed. */
int		 page_fetch(struct req *, enum gql_doc doc, json_t *vars,
		    struct upwork_res *u);
/* The error page for a bare status (404, 405, ...). */
int		 page_status(struct req *, int status);

/* Handlers: each returns the HTTP status; r->body holds the page. */
int	 page_home(struct req *);
int	 page_login(struct req *);
int	 page_callback(struct req *);
int	 page_logout(struct req *);
/* Has the signed-in user agreed to the current POLICY_VERSION? 1 yes, 0 no,
 * -1 store error. */
int	 page_policy_current(struct req *);
/* The consent page again, for a signed-in user who agreed to an older
 * version; its form posts to /auth/consent (page_consent). */
int	 page_reconsent(struct req *);
int	 page_consent(struct req *);
int	 page_privacy(struct req *);
int	 page_terms(struct req *);
int	 page_account(struct req *);
int	 page_disconnect_ask(struct req *);
int	 page_disconnect(struct req *);
int	 page_account_export(struct req *);
int	 page_draft_delete(struct req *);
int	 page_letter_delete(struct req *);
int	 page_admin(struct req *);
int	 page_metrics(struct req *);
int	 page_healthz(struct req *);
int	 page_jobs(struct req *);
int	 page_job(struct req *);
int	 page_apply(struct req *);
int	 page_apply_post(struct req *);
int	 page_proposals(struct req *);
int	 page_proposal(struct req *);
int	 page_org(struct req *);
int	 page_messages(struct req *);
int	 page_billing(struct req *);
int	 page_billing_csv(struct req *);
int	 page_invoice(struct req *);
int	 page_room(struct req *);
int	 page_room_send(struct req *);
int	 page_contracts(struct req *);
int	 page_contract(struct req *);
int	 page_action_ask(struct req *);
int	 page_action_do(struct req *);
/* The contract of r->param (the Contract document): 0, or the status of
 * the error page already written (404 when not this organization's). */
int	 page_contract_fetch(struct req *, struct upwork_res *);
/* Which side of the contract in data the session's organization is on. */
#define CONTRACT_VENDOR	1
#define CONTRACT_CLIENT	2
int	 page_contract_side(struct req *, json_t *data);
/* The actions the side may take now, as links to their confirmation
 * pages (page-actions.c); the notice of one just done (?done=). */
void	 page_actions_offer(struct req *, struct tpl_dict *, json_t *data,
	    int side);
void	 page_milestone_actions(struct req *, struct tpl_dict *, json_t *m,
	    int side);
int	 page_org_switch(struct req *);
/* A job's screening questions (a JSON array) in Upwork's order, at most
 * max of them, borrowed into out. Returns how many. */
size_t	 page_questions(json_t *qs, json_t **out, size_t max);
int	 page_search_save(struct req *);
int	 page_search_rename(struct req *);
int	 page_search_delete(struct req *);
int	 page_search_seen(struct req *);
int	 page_home_blocks(struct req *);

/* What the dashboard home's blocks read (page-home.c). Each reads what its
 * own page reads, with the same variables, so that the two share one
 * cache entry. Each fills u (the caller frees it) and returns u->err. */
struct search;
/* The first page of search s, asked again without paging when Upwork's
 * paging fails, as /jobs does; *paged 0 when it was. */
int	 page_jobs_search(struct req *, const struct search *,
	    struct upwork_res *u, int *paged);
/* A saved search last looked at at looked (0: never) marks as new the
 * postings created after this: never one older than 24 hours. */
time_t	 page_jobs_new_since(time_t looked, time_t now);
/* /proposals as it opens: the submitted list, last change first. */
int	 page_proposals_waiting(struct req *, struct upwork_res *u);
/* /contracts: the organization's contracts and time as of now, or the
 * user's work history when the key may not list contracts (*fallback). */
int	 page_contracts_read(struct req *, time_t now, struct upwork_res *u,
	    int *fallback);
/* The hours of contract id this week (from Monday, UTC) in a Contracts or
 * ContractsHistory answer. */
double	 page_contracts_week_hours(json_t *data, const char *id, time_t now);
/* A fixed-price contract's milestones, counted from its terms. */
struct page_milestones {
	int	 total, paid, submitted;
};
void	 page_contracts_milestones(json_t *terms, struct page_milestones *);
/* "2 of 5 milestones paid, 1 submitted for review"; "" when none. */
void	 page_contracts_progress(char *out, size_t size,
	    const struct page_milestones *);
/* The first page of /messages?unread=1: rooms with unread messages. */
int	 page_messages_unread(struct req *, struct upwork_res *u);
/* Earnings (Hourly, Fixed Price and Bonus rows, before fees) per month of
 * the last PAGE_EARNINGS_MONTHS months up to now's, per currency, from
 * the rows /billing's chart reads. month[PAGE_EARNINGS_MONTHS - 1] is
 * this month. */
#define PAGE_EARNINGS_MONTHS		12
#define PAGE_EARNINGS_CURRENCIES	8
struct page_earnings {
	char		 month[PAGE_EARNINGS_MONTHS][16];	/* "2026-11" */
	char		 currency[PAGE_EARNINGS_CURRENCIES][4];
	long long	 cents[PAGE_EARNINGS_CURRENCIES][PAGE_EARNINGS_MONTHS];
	size_t		 n;		/* currencies */
};
int	 page_billing_earnings(struct req *, time_t now, struct page_earnings *,
	    struct upwork_res *u);

/* The documents we ship and serve as pages. */
enum doc {
	DOC_PRIVACY,	/* PRIVACY.md at /privacy */
	DOC_TERMS,	/* TERMS.md at /terms, the user agreement */
	DOC__MAX
};
/* Render them once before the threads start. 0 or -1 (message on stderr). */
int	 page_docs_load(const char *const paths[DOC__MAX]);
void	 page_docs_unload(void);

/* The agency's look from the config (page-brand.c): load the logo and the
 * accent's CSS once before the threads start (0 or -1, message on stderr);
 * fill BRAND_NAME, BRAND_LOGO and BRAND_CSS of a layout dictionary. */
struct conf;
int	 page_brand_load(const struct conf *);
void	 page_brand_unload(void);
void	 page_brand_fill(const struct req *, struct tpl_dict *);
int	 page_brand_logo(struct req *);
int	 page_brand_css(struct req *);

#endif /* PAGE_H */
