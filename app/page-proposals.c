/* page-proposals.c: /proposals (the user's proposals in one of Upwork's
 * three lists: submitted, active, archived; sorted and paged) and
 * /proposals/ID (one proposal). Each links to its page on Upwork. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cache.h"
#include "format.h"
#include "page.h"
#include "req.h"
#include "session.h"
#include "upwork.h"

#define PAGE_SIZE	20	/* Upwork refuses more than 40 (VJCA-6) */
#define OFFSET_MAX	100000

struct choice {
	const char	*value;		/* in our URL */
	const char	*upwork;	/* in Upwork's variables */
	const char	*label;
};

static const struct choice lists[] = {
	{ "submitted", "SUBMITTED", "Submitted" },
	{ "active", "ACTIVE", "Active" },
	{ "archived", "ARCHIVED", "Archived" },
};
static const struct choice sorts[] = {
	{ "modified", "MODIFIEDDATETIME", "Last change" },
	{ "created", "CREATEDDATETIME", "Date sent" },
};
static const struct choice orders[] = {
	{ "desc", "DESC", "Newest first" },
	{ "asc", "ASC", "Oldest first" },
};
static const struct choice statuses[] = {
	{ "SUBMITTED", NULL, "Submitted" }, { "ACTIVE", NULL, "Active" },
	{ "HIRED", NULL, "Hired" }, { "DECLINED", NULL, "Declined" },
	{ "WITHDRAWN", NULL, "Withdrawn" }, { "JOB_CLOSED", NULL, "Job closed" },
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* The choice named by query parameter name (default: the first). NULL
 * when the value is not one of them. */
static const struct choice *
choose(struct req *r, const char *name, const struct choice *c, size_t n)
{
	const char	*v = kv_get(&r->query, name);
	size_t		 i;

	if (v == NULL || v[0] == '\0')
		return &c[0];
	for (i = 0; i < n; i++)
		if (strcmp(v, c[i].value) == 0)
			return &c[i];
	return NULL;
}

static const char *
status_label(const char *s)
{
	size_t	 i;

	for (i = 0; s != NULL && i < NELEM(statuses); i++)
		if (strcmp(s, statuses[i].value) == 0)
			return statuses[i].label;
	return s ? s : "Unknown";
}

/* Upwork's page of a proposal; only for an id of digits. */
static int
upwork_proposal_url(char *out, size_t size, const char *id)
{
	if (!format_id_ok(id))
		return 0;
	snprintf(out, size, "https://www.upwork.com/nx/proposals/%s", id);
	return 1;
}

static void
when(struct tpl_dict *s, const char *prefix, const char *iso, time_t now)
{
	char	 key[32], ago[48];
	time_t	 t;

	if (iso == NULL || (t = format_parse_time(iso)) == (time_t)-1)
		return;
	format_ago(ago, sizeof(ago), t, now);
	snprintf(key, sizeof(key), "%s_ISO", prefix);
	tpl_set(s, key, iso);
	snprintf(key, sizeof(key), "%s_AGO", prefix);
	tpl_set(s, key, ago);
}

/* The <select> of choices c, current marked (as page_options does). */
static void
select_options(struct tpl_dict *b, const char *section,
    const struct choice *c, size_t n, const struct choice *current)
{
	struct tpl_dict	*s;
	size_t		 i;

	for (i = 0; i < n; i++)
		if ((s = tpl_add_section(b, section)) != NULL) {
			tpl_set(s, "OPT_VALUE", c[i].value);
			tpl_set(s, "OPT_LABEL", c[i].label);
			if (&c[i] == current)
				tpl_show(s, "OPT_SELECTED");
		}
}

static void
tabs(struct tpl_dict *b, const struct choice *list, const struct choice *sort,
    const struct choice *order)
{
	struct tpl_dict	*s;
	char		 href[128];
	size_t		 i;

	for (i = 0; i < NELEM(lists); i++) {
		if ((s = tpl_add_section(b, "TAB")) == NULL)
			return;
		snprintf(href, sizeof(href), "/proposals?list=%s&sort=%s&order=%s",
		    lists[i].value, sort->value, order->value);
		tpl_set(s, "TAB_HREF", href);
		tpl_set(s, "TAB_LABEL", lists[i].label);
		if (&lists[i] == list)
			tpl_show(s, "TAB_CURRENT");
	}
	select_options(b, "SORT", sorts, NELEM(sorts), sort);
	select_options(b, "ORDER", orders, NELEM(orders), order);
}

static void
rows(struct tpl_dict *b, json_t *conn, time_t now)
{
	struct tpl_dict	*s, *x;
	json_t		*edges = json_object_get(conn, "edges"), *e, *n;
	const char	*id;
	char		 money[64], url[96], href[64];
	size_t		 i;

	json_array_foreach(edges, i, e) {
		n = json_object_get(e, "node");
		id = upwork_str(n, "id");
		if (!format_id_ok(id) || (s = tpl_add_section(b, "ROW")) == NULL)
			continue;
		snprintf(href, sizeof(href), "/proposals/%s", id);
		tpl_set(s, "ROW_HREF", href);
		tpl_set(s, "ROW_ID", id);
		tpl_set(s, "ROW_TITLE", upwork_str(n,
		    "marketplaceJobPosting.content.title"));
		format_money(money, sizeof(money), json_object_get(
		    json_object_get(n, "terms"), "chargeRate"));
		tpl_set(s, "ROW_RATE", money[0] ? money : "Not given");
		tpl_set(s, "ROW_STATUS", status_label(upwork_str(n,
		    "status.status")));
		when(s, "ROW_SENT", upwork_str(n, "auditDetails.createdDateTime"),
		    now);
		when(s, "ROW_CHANGED", upwork_str(n,
		    "auditDetails.modifiedDateTime"), now);
		if (upwork_proposal_url(url, sizeof(url), id) &&
		    (x = tpl_add_section(s, "ROW_UPWORK")) != NULL)
			tpl_set(x, "UPWORK_URL", url);
	}
}

/* The variables of one page of a list (after: Upwork's offset, or NULL
 * for the first page). New reference. */
static json_t *
list_vars(const struct choice *list, const struct choice *sort,
    const struct choice *order, const char *after)
{
	return json_pack("{s:{s:s, s:[]}, s:{s:s, s:s}, s:{s:i, s:s?}}",
	    "filter", "status_eq", list->upwork, "jobPostingIds_any",
	    "sort", "field", sort->upwork, "sortOrder", order->upwork,
	    "page", "first", PAGE_SIZE, "after", after);
}

int
page_proposals_waiting(struct req *r, struct upwork_res *u)
{
	json_t	*vars;

	/* /proposals as it opens: submitted, last change first. */
	memset(u, 0, sizeof(*u));
	vars = list_vars(&lists[0], &sorts[0], &orders[0], NULL);
	cache_fetch(r, GQL_PROPOSALS, vars, u);
	json_decref(vars);
	return u->err;
}

int
page_proposals(struct req *r)
{
	const struct choice	*list, *sort, *order;
	struct upwork_res	 u;
	struct tpl_dict		*d, *b, *s;
	json_t			*vars, *conn;
	const char		*after = kv_get(&r->query, "after");
	char			*end, href[160], count[64];
	long			 offset = 0;
	int			 status;

	list = choose(r, "list", lists, NELEM(lists));
	sort = choose(r, "sort", sorts, NELEM(sorts));
	order = choose(r, "order", orders, NELEM(orders));
	if (after != NULL && after[0] != '\0')
		offset = strtol(after, &end, 10);
	if (list == NULL || sort == NULL || order == NULL ||
	    (after != NULL && after[0] != '\0' && (*end != '\0' ||
	    offset < 0 || offset > OFFSET_MAX || offset % PAGE_SIZE != 0)))
		return page_error(r, 400, "Bad request", list == NULL ?
		    "The list must be submitted, active or archived." :
		    sort == NULL ? "The sort must be modified or created." :
		    order == NULL ? "The order must be desc or asc." :
		    "The page position is not one this page links to.",
		    "Start again from the proposals page.", NULL);

	vars = list_vars(list, sort, order, offset > 0 ? after : NULL);
	status = page_fetch(r, GQL_PROPOSALS, vars, &u);
	json_decref(vars);
	if (status != 0)
		return status;
	conn = json_object_get(u.data, "vendorProposals");
	if ((d = page_begin(r, "Proposals", TPL_PROPOSALS, &b,
	    PAGE_UPWORK_CONTENT)) == NULL) {
		upwork_res_free(&u);
		return 500;
	}
	page_data_age(r, d, &u);
	if (kv_get(&r->query, "applied") != NULL)
		tpl_show(b, "APPLIED");
	tabs(b, list, sort, order);
	tpl_set(b, "LIST", list->value);
	tpl_set(b, "LIST_LABEL", list->label);
	tpl_set(b, "TOTAL", format_count(count, sizeof(count),
	    json_integer_value(json_object_get(conn, "totalCount")),
	    "proposal", "proposals"));
	if (json_array_size(json_object_get(conn, "edges")) == 0)
		tpl_show(b, "EMPTY");
	rows(b, conn, time(NULL));
	if (offset > 0 && (s = tpl_add_section(b, "PREV")) != NULL) {
		snprintf(href, sizeof(href), "/proposals?list=%s&sort=%s&order=%s"
		    "&after=%ld", list->value, sort->value, order->value,
		    offset - PAGE_SIZE);
		tpl_set(s, "PREV_HREF", href);
	}
	if (json_is_true(json_object_get(json_object_get(conn, "pageInfo"),
	    "hasNextPage")) && offset + PAGE_SIZE <= OFFSET_MAX &&
	    (s = tpl_add_section(b, "NEXT")) != NULL) {
		snprintf(href, sizeof(href), "/proposals?list=%s&sort=%s&order=%s"
		    "&after=%ld", list->value, sort->value, order->value,
		    offset + PAGE_SIZE);
		tpl_set(s, "NEXT_HREF", href);
	}
	upwork_res_free(&u);
	return page_end(r, d, 200);
}

int
page_proposal(struct req *r)
{
	struct upwork_res	 u;
	struct tpl_dict		*d, *b, *s;
	json_t			*vars, *p, *terms;
	const char		*job, *v;
	char			 money[64], url[160], href[64];
	int			 status;

	memset(&u, 0, sizeof(u));
	vars = json_pack("{s:s}", "id", r->param);
	cache_fetch(r, GQL_PROPOSAL, vars, &u);
	json_decref(vars);
	if (u.err == UPWORK_EAUTH) {
		upwork_res_free(&u);
		return page_signed_out_by_upwork(r);
	}
	p = json_object_get(u.data, "vendorProposal");
	if (u.err == UPWORK_EOTHER && u.message != NULL &&
	    strstr(u.message, "not found") != NULL)
		p = NULL;
	else if (u.err != UPWORK_OK) {
		status = page_upwork_error(r, &u);
		upwork_res_free(&u);
		return status;
	}
	if (!json_is_object(p)) {
		upwork_res_free(&u);
		return page_error(r, 404, "No such proposal", "Upwork has no "
		    "proposal of yours with this number in this organization.",
		    NULL, NULL);
	}
	if ((d = page_begin(r, "Proposal", TPL_PROPOSAL, &b,
	    PAGE_UPWORK_CONTENT)) == NULL) {
		upwork_res_free(&u);
		return 500;
	}
	page_data_age(r, d, &u);
	if (kv_get(&r->query, "applied") != NULL)
		tpl_show(b, "APPLIED");
	tpl_set(b, "TITLE", upwork_str(p, "marketplaceJobPosting.content.title"));
	job = upwork_str(p, "marketplaceJobPosting.id");
	if (format_id_ok(job) && (s = tpl_add_section(b, "JOB")) != NULL) {
		snprintf(href, sizeof(href), "/jobs/%s", job);
		tpl_set(s, "JOB_HREF", href);
	}
	terms = json_object_get(p, "terms");
	format_money(money, sizeof(money), json_object_get(terms, "chargeRate"));
	tpl_set(b, "RATE", money[0] ? money : "Not given");
	v = upwork_str(terms, "estimatedDuration.label");
	tpl_set(b, "DURATION", v ? v : "Not given");
	tpl_set(b, "STATUS", status_label(upwork_str(p, "status.status")));
	if ((v = upwork_str(p, "status.reason.reason")) != NULL &&
	    (s = tpl_add_section(b, "REASON")) != NULL)
		tpl_set(s, "REASON_TEXT", v);
	when(b, "SENT", upwork_str(p, "auditDetails.createdDateTime"), time(NULL));
	when(b, "CHANGED", upwork_str(p, "auditDetails.modifiedDateTime"),
	    time(NULL));
	v = upwork_str(p, "coverLetter");
	if (v != NULL && v[0] != '\0') {
		if ((s = tpl_add_section(b, "COVER")) != NULL)
			tpl_set(s, "COVER_TEXT", v);
	} else
		tpl_show(b, "NO_COVER");
	if (upwork_proposal_url(url, sizeof(url), r->param) &&
	    (s = tpl_add_section(b, "UPWORK")) != NULL)
		tpl_set(s, "UPWORK_URL", url);
	upwork_res_free(&u);
	return page_end(r, d, 200);
}
