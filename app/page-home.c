/* page-home.c: "/": the sign-in page when signed out, the dashboard home
 * when signed in: the user's account and organizations (document Home),
 * then the blocks the user chose to see, in their order (POST
 * /home/blocks changes the choice; user.c keeps it).
 *
 * Each block reads what its own page reads, through cache_fetch with the
 * same variables (the page-*.c helpers in page.h), so a block and its page
 * share one cache entry and a warm home page makes no call. Cold, each
 * block costs its page's calls: saved searches one per search shown (at
 * most HOME_SEARCHES), proposals one, contracts one (two when the key may
 * not list contracts), messages one, earnings two (the accounting entity
 * and the year's transactions). A block whose call fails shows why in its
 * own place and the others stand. When Home itself came from the cache
 * because Upwork is failing, the blocks read the cache only: one page
 * view never becomes a run of failing calls.
 *
 * A user who never chose sees no block, only the offer to add them: their
 * home page costs the one Home call it always did. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cache.h"
#include "conf.h"
#include "format.h"
#include "oauth.h"
#include "page.h"
#include "req.h"
#include "search.h"
#include "session.h"
#include "upwork.h"
#include "user.h"

#define HOME_SEARCHES	5	/* saved searches a block asks about */
#define HOME_ROWS	3	/* latest proposals shown */
#define HOME_LIST	5	/* contracts and rooms shown */

/* Notices the sign-in page can show, chosen by ?signin=; anything else
 * shows nothing (the parameter never reaches the page as text). */
static const struct {
	const char	*code;
	const char	*kind;
	const char	*text;
} notices[] = {
	{ "out", "info", "You are signed out." },
	{ "denied", "warn", "You chose not to connect Workdesk to Upwork, so "
	    "nothing was stored. You can sign in again at any time." },
	{ "error", "warn", "Upwork did not complete the sign-in. Please try "
	    "again." },
	{ "expired", "info", "Your Upwork access has expired. Sign in again "
	    "to continue." },
	{ "disconnected", "info", "Upwork is disconnected and everything "
	    "Workdesk held about you is deleted." },
};

static int
signin_page(struct req *r)
{
	struct tpl_dict	*d, *b, *n;
	const char	*code = kv_get(&r->query, "signin");
	size_t		 i;

	if ((d = page_begin(r, "Sign in", TPL_SIGNIN, &b, 0)) == NULL)
		return 500;
	for (i = 0; code && i < sizeof(notices) / sizeof(notices[0]); i++)
		if (strcmp(code, notices[i].code) == 0 &&
		    (n = tpl_add_section(b, "NOTICE")) != NULL) {
			tpl_set(n, "NOTICE_KIND", notices[i].kind);
			tpl_set(n, "NOTICE_TEXT", notices[i].text);
		}
	return page_end(r, d, 200);
}

/* Upwork profile keys look like "~01abc...": anything else gets no link. */
static int
ciphertext_ok(const char *s)
{
	size_t	 n;

	if (s == NULL || s[0] != '~')
		return 0;
	n = strspn(s + 1, "0123456789abcdefABCDEF");
	return n > 0 && n < 64 && s[1 + n] == '\0';
}

static void
fill_home(struct tpl_dict *b, const struct upwork_res *u)
{
	json_t		*data = u->data;
	struct tpl_dict	*s;
	json_t		*items, *it;
	const char	*cur = upwork_str(data, "organization.id");
	const char	*ct = upwork_str(data, "user.ciphertext");
	char		 url[128], when[PAGE_TIME_LEN];
	size_t		 i;

	tpl_set(b, "USER_NAME", upwork_str(data, "user.name"));
	tpl_set(b, "USER_NID", upwork_str(data, "user.nid"));
	tpl_set(b, "ORG_NAME", upwork_str(data, "organization.name"));
	items = json_object_get(json_object_get(data, "companySelector"),
	    "items");
	json_array_foreach(items, i, it) {
		const char *oid = upwork_str(it, "organizationId");
		if ((s = tpl_add_section(b, "ORGS")) == NULL)
			break;
		tpl_set(s, "ORG_TITLE", upwork_str(it, "title"));
		tpl_set(s, "ORG_TYPE_TITLE", upwork_str(it, "typeTitle"));
		if (oid && cur && strcmp(oid, cur) == 0) {
			/* Upwork's own label ("Agency") rather than the enum. */
			tpl_show(s, "ORG_CURRENT");
			tpl_set(b, "ORG_TYPE", upwork_str(it, "typeTitle"));
		}
	}
	if (ciphertext_ok(ct) && (s = tpl_add_section(b, "PROFILE_LINK"))) {
		snprintf(url, sizeof(url), "https://www.upwork.com/freelancers/%s",
		    ct);
		tpl_set(s, "UPWORK_PROFILE_URL", url);
	}
	tpl_set(b, "FETCHED_AT", page_time(when, u->fetched_at));
}

/* ---- the blocks ---- */

/* A block's failed call, in its own place (as /jobs shows its errors). */
static void
block_error(struct req *r, struct tpl_dict *blk, const struct upwork_res *u)
{
	struct tpl_dict	*e;
	struct buf	 text = BUF_INIT;

	if ((e = tpl_add_section(blk, "BLOCK_ERROR")) == NULL)
		return;
	if (r->cache_only && u->err == UPWORK_EUNAVAILABLE)
		buf_puts(&text, "Upwork cannot be reached just now, and "
		    "Workdesk holds no recent copy of this part.");
	else
		buf_printf(&text, "%s. %s", upwork_err_heading(u->err),
		    upwork_err_hint(u->err));
	if (u->err == UPWORK_EPERMISSION && u->fields != NULL)
		buf_printf(&text, " Missing: %s.", u->fields);
	tpl_set(e, "ERROR_TEXT", text.p);
	buf_free(&text);
}

/* A block's read failed: -1 when Upwork ended the authorization (the page
 * signs the user out), else 0 with the error shown in the block. Frees u. */
static int
block_failed(struct req *r, struct tpl_dict *blk, struct upwork_res *u)
{
	int	 rc = u->err == UPWORK_EAUTH ? -1 : 0;

	if (rc == 0)
		block_error(r, blk, u);
	upwork_res_free(u);
	return rc;
}

/* An answer without the data the block shows: to the user, Upwork's data
 * not fitting our document, as page_upwork_error words it for a page. */
static void
block_no_data(struct tpl_dict *blk, struct upwork_res *u)
{
	struct tpl_dict	*e;

	u->err = UPWORK_EVALIDATION;
	if ((e = tpl_add_section(blk, "BLOCK_ERROR")) != NULL)
		tpl_set(e, "ERROR_TEXT", "Upwork's answer lacks the data this "
		    "part shows.");
}

/* The block's data came from the cache while Upwork failed. */
static void
block_stale(struct tpl_dict *blk, const struct upwork_res *u)
{
	struct tpl_dict	*e;
	char		 when[PAGE_TIME_LEN];

	if (u->stale && (e = tpl_add_section(blk, "BLOCK_STALE")) != NULL)
		tpl_set(e, "STALE_AT", page_time(when, u->fetched_at));
}

/* A time as <time datetime="ISO">N h ago</time> (WHEN_ISO, WHEN_AGO). */
static void
block_when(struct tpl_dict *d, const char *iso, time_t now)
{
	char	 ago[48];
	time_t	 t;

	if (iso == NULL || (t = format_parse_time(iso)) == (time_t)-1)
		return;
	format_ago(ago, sizeof(ago), t, now);
	tpl_set(d, "WHEN_ISO", iso);
	tpl_set(d, "WHEN_AGO", ago);
}

/* Each fill returns 0, or -1 when Upwork ended the user's authorization
 * (the page signs them out). */

/* (a) New postings for the user's saved searches, newest search first:
 * those created since the search's last look (page_jobs_new_since) among
 * the first page /jobs?saved=ID shows. */
static int
fill_searches(struct req *r, struct tpl_dict *blk, time_t now)
{
	struct saved_search	*v;
	struct upwork_res	 u;
	struct tpl_dict		*d, *row;
	struct kvlist		 l = { NULL, 0 };
	struct search		 s;
	struct buf		 err = BUF_INIT;
	json_t			*conn, *edges, *e;
	const char		*ct;
	char			 href[64];
	time_t			 since, t;
	size_t			 n, i, k, fresh, shown;
	int			 paged, shown_error = 0, shown_stale = 0, rc = 0;

	if ((d = tpl_add_section(blk, "SEARCHES")) == NULL)
		return 0;
	if (user_searches(r->sess->user_id, &v, &n) == -1) {
		tpl_show(d, "NO_RECORD");
		return 0;
	}
	if (n == 0)
		tpl_show(d, "NO_SEARCHES");
	for (i = 0; i < n && i < HOME_SEARCHES && rc == 0; i++) {
		if ((row = tpl_add_section(d, "SEARCH")) == NULL)
			break;
		snprintf(href, sizeof(href), "/jobs?saved=%s", v[i].id);
		tpl_set(row, "S_ID", v[i].id);
		tpl_set(row, "S_HREF", href);
		tpl_set(row, "S_NAME", v[i].name);
		tpl_set(row, "S_SINCE", v[i].looked > 0 &&
		    v[i].looked > now - 24 * 3600 ? "since you last marked them "
		    "seen" : "in the last 24 hours");
		buf_reset(&err);
		if (req_parse_urlencoded(v[i].query, strlen(v[i].query),
		    &l) != 0 || search_parse(&l, &s, &err) == -1) {
			/* Saved in its canonical form: cannot happen. */
			tpl_show(row, "S_BROKEN");
			continue;
		}
		page_jobs_search(r, &s, &u, &paged);
		if (u.err == UPWORK_EAUTH)
			rc = -1;
		else if (u.err != UPWORK_OK) {
			tpl_show(row, "S_FAILED");
			if (!shown_error++)
				block_error(r, blk, &u);
		} else if (!json_is_object(conn = json_object_get(u.data,
		    "marketplaceJobPostingsSearch"))) {
			tpl_show(row, "S_FAILED");
			if (!shown_error++)
				block_no_data(blk, &u);
		} else {
			since = page_jobs_new_since(v[i].looked, now);
			edges = json_object_get(conn, "edges");
			shown = json_array_size(edges);
			fresh = 0;
			json_array_foreach(edges, k, e) {
				ct = upwork_str(json_object_get(e, "node"),
				    "createdDateTime");
				if (ct != NULL && (t = format_parse_time(ct)) !=
				    (time_t)-1 && t > since)
					fresh++;
			}
			tpl_set_int(row, "S_NEW", (long long)fresh);
			/* A whole page of new ones: there may be more. */
			if (fresh == shown && fresh > 0 && json_integer_value(
			    json_object_get(conn, "totalCount")) >
			    (json_int_t)shown)
				tpl_show(row, "S_MORE");
			tpl_show(row, "S_LOADED");
			if (u.stale && !shown_stale++)
				block_stale(blk, &u);
		}
		upwork_res_free(&u);
	}
	if (n > HOME_SEARCHES && (row = tpl_add_section(d, "S_OTHERS")) != NULL)
		tpl_set_int(row, "S_OTHERS_N", (long long)(n - HOME_SEARCHES));
	kvlist_free(&l);
	buf_free(&err);
	user_searches_free(v, n);
	return rc;
}

/* (b) Proposals waiting for an answer: the submitted list's size and its
 * latest few (/proposals as it opens). */
static int
fill_proposals(struct req *r, struct tpl_dict *blk, time_t now)
{
	struct upwork_res	 u;
	struct tpl_dict		*d, *row;
	json_t			*conn, *e, *n;
	const char		*id;
	char			 href[64], count[64];
	size_t			 i, k = 0;

	if (page_proposals_waiting(r, &u) != UPWORK_OK)
		return block_failed(r, blk, &u);
	if (!json_is_object(conn = json_object_get(u.data, "vendorProposals"))) {
		block_no_data(blk, &u);
		goto out;
	}
	block_stale(blk, &u);
	if ((d = tpl_add_section(blk, "PROPOSALS")) == NULL)
		goto out;
	tpl_set(d, "P_TOTAL", format_count(count, sizeof(count),
	    json_integer_value(json_object_get(conn, "totalCount")),
	    "proposal", "proposals"));
	json_array_foreach(json_object_get(conn, "edges"), i, e) {
		n = json_object_get(e, "node");
		id = upwork_str(n, "id");
		if (k == HOME_ROWS || !format_id_ok(id) ||
		    (row = tpl_add_section(d, "PROPOSAL")) == NULL)
			continue;
		k++;
		snprintf(href, sizeof(href), "/proposals/%s", id);
		tpl_set(row, "P_ID", id);
		tpl_set(row, "P_HREF", href);
		tpl_set(row, "P_TITLE", upwork_str(n,
		    "marketplaceJobPosting.content.title"));
		block_when(row, upwork_str(n, "auditDetails.createdDateTime"),
		    now);
	}
	if (k == 0)
		tpl_show(d, "NO_PROPOSALS");
out:
	upwork_res_free(&u);
	return 0;
}

/* (c) Active and paused contracts: this week's hours of an hourly one,
 * the milestones of a fixed-price one (/contracts' answer). */
static void
contract_row(struct tpl_dict *d, const char *id, const char *title,
    const char *status, int hourly, json_t *data, json_t *terms, time_t now,
    size_t *k)
{
	struct page_milestones	 m;
	struct tpl_dict		*row;
	char			 href[48], text[96];
	double			 h;

	if (*k >= HOME_LIST || !format_id_ok(id) ||
	    (row = tpl_add_section(d, "CONTRACT")) == NULL) {
		(*k)++;
		return;
	}
	(*k)++;
	snprintf(href, sizeof(href), "/contracts/%s", id);
	tpl_set(row, "C_ID", id);
	tpl_set(row, "C_HREF", href);
	tpl_set(row, "C_TITLE", title);
	tpl_set(row, "C_PAUSED", status != NULL && strcmp(status, "PAUSED") == 0 ?
	    " (paused)" : "");
	if (hourly) {
		h = page_contracts_week_hours(data, id, now);
		if (h == (double)(long long)h)
			snprintf(text, sizeof(text), "%lld h this week",
			    (long long)h);
		else
			snprintf(text, sizeof(text), "%.1f h this week", h);
	} else {
		page_contracts_milestones(terms, &m);
		page_contracts_progress(text, sizeof(text), &m);
		if (text[0] == '\0')
			snprintf(text, sizeof(text), "Fixed price");
	}
	tpl_set(row, "C_WHAT", text);
}

static int
fill_contracts(struct req *r, struct tpl_dict *blk, time_t now)
{
	struct upwork_res	 u;
	struct tpl_dict		*d, *x;
	json_t			*list, *c, *row, *terms;
	const char		*id, *st, *seen[HOME_LIST * 8], *jt;
	char			 count[64];
	size_t			 i, j, k = 0, ns = 0;
	int			 fallback;

	if (page_contracts_read(r, now, &u, &fallback) != UPWORK_OK)
		return block_failed(r, blk, &u);
	if (!json_is_object(json_object_get(u.data, fallback ?
	    "talentWorkHistory" : "vendorContracts"))) {
		block_no_data(blk, &u);
		goto out;
	}
	block_stale(blk, &u);
	if ((d = tpl_add_section(blk, "CONTRACTS")) == NULL)
		goto out;
	if (fallback) {
		tpl_show(d, "C_FALLBACK");
		list = json_object_get(json_object_get(u.data,
		    "talentWorkHistory"), "workHistoryList");
		json_array_foreach(list, i, row) {
			c = json_object_get(row, "contract");
			jt = upwork_str(c, "terms.jobType");
			contract_row(d, upwork_str(c, "id"), upwork_str(c,
			    "title"), upwork_str(c, "status"), jt != NULL &&
			    strcmp(jt, "HOURLY") == 0, u.data, NULL, now, &k);
		}
	} else {
		list = json_object_get(json_object_get(u.data,
		    "vendorContracts"), "contracts");
		json_array_foreach(list, i, c) {
			terms = json_object_get(c, "terms");
			contract_row(d, upwork_str(c, "id"), upwork_str(c,
			    "title"), upwork_str(c, "status"), json_array_size(
			    json_object_get(terms, "hourlyTerms")) > 0, u.data,
			    terms, now, &k);
		}
		/* The organization's hourly contracts as the client, from
		 * its time (as /contracts lists them). */
		json_array_foreach(json_object_get(u.data, "timeReport"), i,
		    row) {
			c = json_object_get(row, "contract");
			id = upwork_str(c, "id");
			st = upwork_str(c, "status");
			if (id == NULL || st == NULL || strcmp(st, "ENDED") == 0 ||
			    upwork_str(c, "clientOrganization.id") == NULL ||
			    strcmp(upwork_str(c, "clientOrganization.id"),
			    r->sess->org_id) != 0)
				continue;
			for (j = 0; j < ns && strcmp(seen[j], id) != 0; j++)
				;
			if (j < ns || ns == sizeof(seen) / sizeof(seen[0]))
				continue;
			seen[ns++] = id;
			contract_row(d, id, upwork_str(c, "title"), st, 1,
			    u.data, NULL, now, &k);
		}
	}
	if (k == 0)
		tpl_show(d, "NO_CONTRACTS");
	if (k > HOME_LIST && (x = tpl_add_section(d, "C_OTHERS")) != NULL)
		tpl_set_int(x, "C_OTHERS_N", (long long)(k - HOME_LIST));
	tpl_set(d, "C_TOTAL", format_count(count, sizeof(count), (long long)k,
	    "contract", "contracts"));
out:
	upwork_res_free(&u);
	return 0;
}

/* (d) Unread messages: the rooms with any, and how many in each
 * (/messages?unread=1). */
static int
fill_messages(struct req *r, struct tpl_dict *blk, time_t now)
{
	struct upwork_res	 u;
	struct tpl_dict		*d, *row;
	json_t			*conn, *e, *n;
	const char		*id;
	char			 href[96], count[64];
	long long		 unread, sum = 0;
	size_t			 i, k = 0;

	(void)now;
	if (page_messages_unread(r, &u) != UPWORK_OK)
		return block_failed(r, blk, &u);
	if (!json_is_object(conn = json_object_get(u.data, "roomList"))) {
		block_no_data(blk, &u);
		goto out;
	}
	block_stale(blk, &u);
	if ((d = tpl_add_section(blk, "MESSAGES")) == NULL)
		goto out;
	json_array_foreach(json_object_get(conn, "edges"), i, e) {
		n = json_object_get(e, "node");
		id = upwork_str(n, "id");
		unread = json_integer_value(json_object_get(n, "numUnread"));
		if (unread <= 0 || !format_room_id_ok(id))
			continue;
		sum += unread;
		if (k++ >= HOME_LIST ||
		    (row = tpl_add_section(d, "ROOM")) == NULL)
			continue;
		snprintf(href, sizeof(href), "/messages/%s", id);
		tpl_set(row, "R_ID", id);
		tpl_set(row, "R_HREF", href);
		tpl_set(row, "R_NAME", upwork_str(n, "roomName"));
		tpl_set_int(row, "R_UNREAD", unread);
	}
	tpl_set(d, "M_ROOMS", format_count(count, sizeof(count),
	    json_integer_value(json_object_get(conn, "totalCount")), "room",
	    "rooms"));
	tpl_set(d, "M_UNREAD", format_count(count, sizeof(count), sum,
	    "unread message", "unread messages"));
	/* Counted on the first page of rooms only: there are more. */
	if (json_is_true(json_object_get(json_object_get(conn, "pageInfo"),
	    "hasNextPage")))
		tpl_show(d, "M_MORE");
	if (k > HOME_LIST && (row = tpl_add_section(d, "M_OTHERS")) != NULL)
		tpl_set_int(row, "M_OTHERS_N", (long long)(k - HOME_LIST));
	if (k == 0)
		tpl_show(d, "NO_UNREAD");
	else
		tpl_show(d, "ANY_UNREAD");
out:
	upwork_res_free(&u);
	return 0;
}

/* (e) Earnings this month against last month, per currency, as /billing's
 * chart counts them. */
static int
fill_earnings(struct req *r, struct tpl_dict *blk, time_t now)
{
	struct page_earnings	 e;
	struct upwork_res	 u;
	struct tpl_dict		*d, *row;
	long long		 a, b;
	char			 m[64], change[72], href[96], first[24];
	char			 today[11];
	const int		 cur = PAGE_EARNINGS_MONTHS - 1;
	size_t			 j, k = 0;
	struct tm		 tm;

	memset(&u, 0, sizeof(u));
	if (page_billing_earnings(r, now, &e, &u) != UPWORK_OK)
		return block_failed(r, blk, &u);
	block_stale(blk, &u);
	upwork_res_free(&u);
	if ((d = tpl_add_section(blk, "EARNINGS")) == NULL)
		return 0;
	tpl_set(d, "E_THIS", e.month[cur]);
	tpl_set(d, "E_LAST", e.month[cur - 1]);
	for (j = 0; j < e.n; j++) {
		a = e.cents[j][cur];
		b = e.cents[j][cur - 1];
		if ((a == 0 && b == 0) ||
		    (row = tpl_add_section(d, "CURRENCY")) == NULL)
			continue;
		k++;
		tpl_set(row, "E_CURRENCY", e.currency[j]);
		format_cents(m, sizeof(m), a, e.currency[j]);
		tpl_set(row, "E_THIS_AMOUNT", m);
		format_cents(m, sizeof(m), b, e.currency[j]);
		tpl_set(row, "E_LAST_AMOUNT", m);
		format_cents(m, sizeof(m), a - b, e.currency[j]);
		/* A rise gets its sign; format_cents gives a fall its own. */
		snprintf(change, sizeof(change), "%s%s", a - b > 0 ? "+" : "", m);
		tpl_set(row, "E_CHANGE", change);
		if (a < b)
			tpl_show(row, "E_DOWN");
	}
	if (k == 0)
		tpl_show(d, "NO_EARNINGS");
	else
		tpl_show(d, "ANY_EARNINGS");
	/* Last month and this one on /billing. */
	snprintf(first, sizeof(first), "%s-01", e.month[cur - 1]);
	gmtime_r(&now, &tm);
	strftime(today, sizeof(today), "%Y-%m-%d", &tm);
	snprintf(href, sizeof(href), "/billing?from=%s&to=%s", first, today);
	tpl_set(blk, "BLOCK_HREF", href);
	return 0;
}

/* The blocks, in the order "Show all" adds them. */
static const struct block {
	const char	*name;		/* in the user record and the forms */
	const char	*title;
	const char	*href;		/* its page */
	int		(*fill)(struct req *, struct tpl_dict *, time_t);
} blocks[] = {
	{ "searches", "New jobs for your saved searches", "/jobs",
	    fill_searches },
	{ "proposals", "Proposals waiting for an answer",
	    "/proposals?list=submitted", fill_proposals },
	{ "contracts", "Active contracts", "/contracts", fill_contracts },
	{ "messages", "Unread messages", "/messages?unread=1", fill_messages },
	{ "earnings", "Earnings this month", "/billing", fill_earnings },
};
#define NBLOCKS (sizeof(blocks) / sizeof(blocks[0]))

static const struct block *
block_named(const char *name)
{
	size_t	 i;

	for (i = 0; name != NULL && i < NBLOCKS; i++)
		if (strcmp(name, blocks[i].name) == 0)
			return &blocks[i];
	return NULL;
}

/* The blocks the user shows, in order: known names, each once; every
 * block, in the table's order, for a user who never chose (list null). */
static size_t
chosen(json_t *list, const struct block *out[NBLOCKS])
{
	const struct block	*b;
	json_t			*x;
	size_t			 i, j, n = 0;

	if (json_is_null(list)) {
		for (i = 0; i < NBLOCKS; i++)
			out[i] = &blocks[i];
		return NBLOCKS;
	}
	json_array_foreach(list, i, x) {
		if ((b = block_named(json_string_value(x))) == NULL)
			continue;
		for (j = 0; j < n && out[j] != b; j++)
			;
		if (j == n && n < NBLOCKS)
			out[n++] = b;
	}
	return n;
}

/* The blocks and the form that chooses them. 0, or -1: sign the user
 * out (Upwork ended the authorization). */
static int
fill_blocks(struct req *r, struct tpl_dict *b)
{
	const struct block	*shown[NBLOCKS];
	struct tpl_dict		*d, *blk, *c;
	json_t			*list;
	time_t			 now = time(NULL);
	size_t			 n, i, hidden = 0;

	if ((list = user_home_blocks(r->sess->user_id)) == NULL) {
		fprintf(stderr, "%s home: the user record could not be read\n",
		    r->id);
		return 0;
	}
	n = chosen(list, shown);
	json_decref(list);
	if (n > 0 && (d = tpl_add_section(b, "BLOCKS")) != NULL)
		for (i = 0; i < n; i++) {
			if ((blk = tpl_add_section(d, "BLOCK")) == NULL)
				break;
			tpl_set(blk, "BLOCK_NAME", shown[i]->name);
			tpl_set(blk, "BLOCK_TITLE", shown[i]->title);
			tpl_set(blk, "BLOCK_HREF", shown[i]->href);
			tpl_set(blk, "CSRF_TOKEN", r->sess->csrf);
			if (i > 0)
				tpl_show(blk, "CAN_UP");
			if (i + 1 < n)
				tpl_show(blk, "CAN_DOWN");
			if (shown[i]->fill(r, blk, now) == -1)
				return -1;
		}
	if ((c = tpl_add_section(b, "CHOOSER")) == NULL)
		return 0;
	tpl_set(c, "CSRF_TOKEN", r->sess->csrf);
	if (n == 0)
		tpl_show(c, "NONE_SHOWN");
	for (i = 0; i < NBLOCKS; i++) {
		size_t k;
		for (k = 0; k < n && shown[k] != &blocks[i]; k++)
			;
		if (k < n || (d = tpl_add_section(c, "HIDDEN")) == NULL)
			continue;
		hidden++;
		tpl_set(d, "BLOCK_NAME", blocks[i].name);
		tpl_set(d, "BLOCK_TITLE", blocks[i].title);
		tpl_set(d, "CSRF_TOKEN", r->sess->csrf);
	}
	if (hidden > 0)
		tpl_show(c, "ANY_HIDDEN");
	if (hidden > 1)
		tpl_show(c, "SHOW_ALL");
	if (hidden == 0)
		tpl_show(c, "ALL_SHOWN");
	return 0;
}

int
page_home(struct req *r)
{
	struct upwork_res	 u;
	struct tpl_dict		*d, *b;
	int			 status;

	if (r->sess == NULL)
		return signin_page(r);
	memset(&u, 0, sizeof(u));
	if (cache_fetch(r, GQL_HOME, NULL, &u) != UPWORK_OK) {
		/* R9: Upwork refused even a renewed token: sign in again. */
		status = u.err == UPWORK_EAUTH ? page_signed_out_by_upwork(r) :
		    page_upwork_error(r, &u);
		upwork_res_free(&u);
		return status;
	}
	if ((d = page_begin(r, "Dashboard", TPL_HOME, &b,
	    PAGE_UPWORK_CONTENT)) == NULL) {
		upwork_res_free(&u);
		return 500;
	}
	page_data_age(r, d, &u);
	fill_home(b, &u);
	/* Upwork is failing (Home came from the cache): the blocks show
	 * what the cache holds and ask nothing more. */
	if (u.stale)
		r->cache_only = 1;
	upwork_res_free(&u);
	if (fill_blocks(r, b) == -1) {
		tpl_dict_free(d);
		r->cache_only = 0;
		return page_signed_out_by_upwork(r);
	}
	r->cache_only = 0;
	return page_end(r, d, 200);
}

/* POST /home/blocks: block=NAME and op=up|down|hide|show, or op=all (show
 * every block, the hidden ones after those shown). Back to the home page,
 * at the block moved or shown. */
int
page_home_blocks(struct req *r)
{
	static const struct {
		const char		*op;
		enum user_home_op	 code;
	} ops[] = {
		{ "up", USER_HOME_UP }, { "down", USER_HOME_DOWN },
		{ "hide", USER_HOME_HIDE }, { "show", USER_HOME_SHOW },
	};
	const struct block	*blk = block_named(kv_get(&r->form, "block"));
	const struct block	*shown[NBLOCKS];
	const char		*op = kv_get(&r->form, "op"), *names[NBLOCKS];
	char			 loc[64];
	json_t			*list;
	size_t			 i, k, n;
	int			 rc = -1;

	if (op != NULL && strcmp(op, "all") == 0) {
		if ((list = user_home_blocks(r->sess->user_id)) == NULL)
			return 500;
		n = chosen(list, shown);
		json_decref(list);
		for (i = 0; i < n; i++)
			names[i] = shown[i]->name;
		for (i = 0; i < NBLOCKS; i++) {
			for (k = 0; k < n && shown[k] != &blocks[i]; k++)
				;
			if (k == n)
				names[n++] = blocks[i].name;
		}
		if (user_home_set(r->sess->user_id, names, n) == -1)
			return 500;
		return req_redirect(r, "/#blocks");
	}
	for (i = 0; op != NULL && i < sizeof(ops) / sizeof(ops[0]); i++)
		if (strcmp(op, ops[i].op) == 0)
			break;
	if (blk == NULL || op == NULL || i == sizeof(ops) / sizeof(ops[0]))
		return page_error(r, 400, "Bad request", "That is not a block "
		    "of the dashboard, or not something to do with one.",
		    "Go back to the dashboard and use its buttons.", NULL);
	/* A user who never chose sees every block: the first change starts
	 * from that list. */
	if ((list = user_home_blocks(r->sess->user_id)) == NULL)
		return 500;
	if (json_is_null(list)) {
		for (k = 0; k < NBLOCKS; k++)
			names[k] = blocks[k].name;
		if (user_home_set(r->sess->user_id, names, NBLOCKS) == -1) {
			json_decref(list);
			return 500;
		}
	}
	json_decref(list);
	/* 1 (nothing to change: already first, already hidden, ...) is not
	 * an error: the page shows the list as it is. */
	if ((rc = user_home_edit(r->sess->user_id, blk->name,
	    ops[i].code)) == -1)
		return 500;
	if (ops[i].code == USER_HOME_HIDE)
		snprintf(loc, sizeof(loc), "/#dashboard");
	else
		snprintf(loc, sizeof(loc), "/#block-%s", blk->name);
	return req_redirect(r, loc);
}
