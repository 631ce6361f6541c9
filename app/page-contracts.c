/* page-contracts.c: /contracts (the organization's active contracts) and
 * /contracts/ID (one contract: terms, milestones, recent hours).
 *
 * Upwork's API lists an organization's contracts only on the freelancer
 * or agency side (vendorContracts); when the key may not use it, the
 * user's work history stands in (talentWorkHistory, upwork-api.md §2.6).
 * A client organization's hourly contracts show through its time report
 * (timeReport covers both sides); its fixed-price ones cannot be listed
 * and the page says so. Each contract links to its workroom on Upwork. */
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

#define WEEKS		5	/* of time the list looks at */
#define ROWS_MAX	200

/* The Monday (UTC, 00:00) of the week holding t. */
static time_t
monday_of(time_t t)
{
	struct tm	 tm;

	gmtime_r(&t, &tm);
	return t - (time_t)((tm.tm_wday + 6) % 7) * 86400 -
	    tm.tm_hour * 3600 - tm.tm_min * 60 - tm.tm_sec;
}

static void
ymd(char out[16], time_t t, const char *fmt)
{
	struct tm	 tm;

	gmtime_r(&t, &tm);
	strftime(out, 16, fmt, &tm);
}

/* {organizationId_eq, timeReportDate_bt} from first to today, and maybe
 * one contract. New reference. */
static json_t *
time_filter(const char *org, time_t first, time_t now, const char *contract)
{
	char	 a[16], b[16];
	json_t	*f;

	ymd(a, first, "%Y-%m-%d");
	ymd(b, now, "%Y-%m-%d");
	f = json_pack("{s:s, s:{s:s, s:s}}", "organizationId_eq", org,
	    "timeReportDate_bt", "rangeStart", a, "rangeEnd", b);
	if (f != NULL && contract != NULL)
		json_object_set_new(f, "contractIds", json_pack("[s]",
		    contract));
	return f;
}

static const char *
status_label(const char *s)
{
	if (s == NULL)
		return "Unknown";
	if (strcmp(s, "ACTIVE") == 0)
		return "Active";
	if (strcmp(s, "PAUSED") == 0)
		return "Paused";
	if (strcmp(s, "ENDED") == 0)
		return "Ended";
	return s;
}

/* "12.5 h" from a number of hours. */
static void
hours(char *out, size_t size, double h)
{
	if (h == (double)(long long)h)
		snprintf(out, size, "%lld h", (long long)h);
	else
		snprintf(out, size, "%.1f h", h);
}

/* The hours of contract id from timeReport rows on days from `from`
 * (YYYYMMDD) on. */
static double
hours_since(json_t *rows, const char *id, const char *from)
{
	json_t		*row;
	const char	*c, *day;
	double		 sum = 0;
	size_t		 i;

	json_array_foreach(rows, i, row) {
		c = upwork_str(row, "contract.id");
		day = upwork_str(row, "dateWorkedOn");
		if (c != NULL && day != NULL && strcmp(c, id) == 0 &&
		    strlen(day) == 8 && strspn(day, "0123456789") == 8 &&
		    strcmp(day, from) >= 0)
			sum += json_number_value(json_object_get(row,
			    "totalHoursWorked"));
	}
	return sum;
}

/* One row of the list. terms: "$85 an hour" or "$4,800 fixed price". */
struct span {
	json_t		*rows;		/* timeReport */
	char		 monday[16];	/* this week's, YYYYMMDD */
	char		 first[16];	/* the window's first day */
};

double
page_contracts_week_hours(json_t *data, const char *id, time_t now)
{
	char	 monday[16];

	ymd(monday, monday_of(now), "%Y%m%d");
	return hours_since(json_object_get(data, "timeReport"), id, monday);
}

void
page_contracts_milestones(json_t *terms, struct page_milestones *m)
{
	json_t		*fixed, *ms, *x;
	const char	*st;
	size_t		 i;

	memset(m, 0, sizeof(*m));
	fixed = json_object_get(terms, "fixedPriceTerms");
	ms = json_object_get(json_array_get(fixed, json_array_size(fixed) - 1),
	    "milestones");
	json_array_foreach(ms, i, x) {
		m->total++;
		if ((st = upwork_str(x, "state")) == NULL)
			continue;
		if (strcmp(st, "PAID") == 0)
			m->paid++;
		else if (strcmp(st, "SUBMITTED") == 0)
			m->submitted++;
	}
}

/* "2 of 5 milestones paid, 1 submitted for review"; "" without any. */
void
page_contracts_progress(char *out, size_t size, const struct page_milestones *m)
{
	char	 sub[48] = "";

	out[0] = '\0';
	if (m->total == 0)
		return;
	if (m->submitted > 0)
		snprintf(sub, sizeof(sub), ", %d submitted for review",
		    m->submitted);
	snprintf(out, size, "%d of %d milestone%s paid%s", m->paid, m->total,
	    m->total == 1 ? "" : "s", sub);
}

static void
add_row(struct tpl_dict *b, const char *section, const char *id,
    const char *title, const char *status, const char *party,
    const char *terms, int hourly, const struct span *sp,
    const char *progress)
{
	struct tpl_dict	*s, *p;
	char		 href[48], url[96], h[32];

	if (!format_id_ok(id) || (s = tpl_add_section(b, section)) == NULL)
		return;
	snprintf(href, sizeof(href), "/contracts/%s", id);
	snprintf(url, sizeof(url), "https://www.upwork.com/nx/wm/workroom/%s",
	    id);
	tpl_set(s, "C_ID", id);
	tpl_set(s, "C_HREF", href);
	tpl_set(s, "C_UPWORK", url);
	tpl_set(s, "C_TITLE", title);
	tpl_set(s, "C_STATUS", status_label(status));
	if (party != NULL && (p = tpl_add_section(s, "PARTY")) != NULL) {
		tpl_set(p, "PARTY_ROLE", strcmp(section, "CLIENT") == 0 ?
		    "freelancer" : "client");
		tpl_set(p, "PARTY_NAME", party);
	}
	tpl_set(s, "C_TERMS", terms);
	if (hourly) {
		hours(h, sizeof(h), hours_since(sp->rows, id, sp->monday));
		tpl_show(s, "THIS_WEEK");
		tpl_set(s, "C_WEEK", h);
		hours(h, sizeof(h), hours_since(sp->rows, id, sp->first));
		if ((p = tpl_add_section(s, "WEEKS")) != NULL)
			tpl_set(p, "C_WEEKS", h);
	} else if (progress != NULL && progress[0] != '\0') {
		if ((p = tpl_add_section(s, "PROGRESS")) != NULL)
			tpl_set(p, "C_PROGRESS", progress);
	} else {
		tpl_show(s, "THIS_WEEK");
		tpl_set(s, "C_WEEK", "Fixed price: see its milestones");
	}
}

static void
terms_money(char *out, size_t size, json_t *hourly, json_t *fixed,
    int *is_hourly)
{
	char	 m[64];

	out[0] = '\0';
	*is_hourly = json_array_size(hourly) > 0;
	if (*is_hourly) {
		format_money(m, sizeof(m), json_object_get(json_array_get(
		    hourly, json_array_size(hourly) - 1), "hourlyRate"));
		snprintf(out, size, "%s an hour", m[0] ? m : "Rate not given");
	} else {
		format_money(m, sizeof(m), json_object_get(json_array_get(
		    fixed, json_array_size(fixed) - 1), "fixedAmount"));
		snprintf(out, size, "%s fixed price", m[0] ? m : "Budget not "
		    "given,");
	}
}

static void
vendor_rows(struct tpl_dict *b, json_t *data, const struct span *sp)
{
	struct page_milestones	 m;
	json_t			*list, *c, *terms;
	char			 t[96], progress[96];
	size_t			 i;
	int			 hourly;

	list = json_object_get(json_object_get(data, "vendorContracts"),
	    "contracts");
	json_array_foreach(list, i, c) {
		terms = json_object_get(c, "terms");
		terms_money(t, sizeof(t), json_object_get(terms, "hourlyTerms"),
		    json_object_get(terms, "fixedPriceTerms"), &hourly);
		page_contracts_milestones(terms, &m);
		page_contracts_progress(progress, sizeof(progress), &m);
		add_row(b, "VENDOR", upwork_str(c, "id"), upwork_str(c, "title"),
		    upwork_str(c, "status"), upwork_str(c,
		    "clientOrganization.name"), t, hourly, sp, progress);
	}
	if (json_array_size(list) == 0)
		tpl_show(b, "VENDOR_EMPTY");
}

/* The organization's hourly contracts as the client, from its time
 * report (each once; active and paused only). */
static void
client_rows(struct tpl_dict *b, const char *org, const struct span *sp)
{
	json_t		*rows = sp->rows;
	json_t		*row, *c;
	const char	*id, *seen[ROWS_MAX], *st;
	char		 t[96], m[64];
	size_t		 i, k, n = 0;

	json_array_foreach(rows, i, row) {
		c = json_object_get(row, "contract");
		id = upwork_str(c, "id");
		st = upwork_str(c, "status");
		if (id == NULL || upwork_str(c, "clientOrganization.id") == NULL ||
		    strcmp(upwork_str(c, "clientOrganization.id"), org) != 0 ||
		    st == NULL || strcmp(st, "ENDED") == 0 || n == ROWS_MAX)
			continue;
		for (k = 0; k < n && strcmp(seen[k], id) != 0; k++)
			;
		if (k < n)
			continue;
		seen[n++] = id;
		format_money(m, sizeof(m), json_object_get(json_array_get(
		    json_object_get(json_object_get(c, "terms"), "hourlyTerms"),
		    0), "hourlyRate"));
		snprintf(t, sizeof(t), "%s an hour", m[0] ? m : "Rate not given");
		add_row(b, "CLIENT", id, upwork_str(c, "title"), st,
		    upwork_str(c, "vendorOrganization.name"), t, 1, sp, NULL);
	}
	if (n == 0)
		tpl_show(b, "CLIENT_EMPTY");
}

static void
history_rows(struct tpl_dict *b, json_t *data, const struct span *sp)
{
	json_t		*list, *w, *c, *terms;
	const char	*raw, *st;
	char		 t[96], m[64];
	size_t		 i, n = 0;
	int		 hourly;

	list = json_object_get(json_object_get(data, "talentWorkHistory"),
	    "workHistoryList");
	json_array_foreach(list, i, w) {
		c = json_object_get(w, "contract");
		st = upwork_str(c, "status");
		terms = json_object_get(c, "terms");
		hourly = upwork_str(terms, "jobType") != NULL &&
		    strcmp(upwork_str(terms, "jobType"), "HOURLY") == 0;
		raw = upwork_str(terms, hourly ? "hourlyRate" : "fixedAmount");
		if (raw == NULL || format_decimal(m, sizeof(m), raw, "USD") == -1)
			m[0] = '\0';
		snprintf(t, sizeof(t), hourly ? "%s an hour" : "%s fixed price",
		    m[0] ? m : "Not given:");
		add_row(b, "VENDOR", upwork_str(c, "id"), upwork_str(c, "title"),
		    st, NULL, t, hourly, sp, NULL);
		n++;
	}
	if (n == 0)
		tpl_show(b, "VENDOR_EMPTY");
}

int
page_contracts_read(struct req *r, time_t now, struct upwork_res *u,
    int *fallback)
{
	json_t	*vars;
	time_t	 first = monday_of(now) - (WEEKS - 1) * 7 * 86400;

	memset(u, 0, sizeof(*u));
	*fallback = 0;
	vars = json_pack("{s:{s:s, s:[s, s]}, s:o}", "filter", "vendorId",
	    r->sess->org_id, "contractStatuses", "ACTIVE", "PAUSED", "time",
	    time_filter(r->sess->org_id, first, now, NULL));
	cache_fetch(r, GQL_CONTRACTS, vars, u);
	json_decref(vars);
	if (u->err != UPWORK_EPERMISSION)
		return u->err;
	/* The key may not list contracts: the work history instead. */
	upwork_res_free(u);
	memset(u, 0, sizeof(*u));
	*fallback = 1;
	vars = json_pack("{s:{s:s, s:[s, s]}, s:o}", "filter",
	    "personId", r->sess->user_id, "status", "ACTIVE", "PAUSED",
	    "time", time_filter(r->sess->org_id, first, now, NULL));
	cache_fetch(r, GQL_CONTRACTS_HISTORY, vars, u);
	json_decref(vars);
	return u->err;
}

int
page_contracts(struct req *r)
{
	struct upwork_res	 u;
	struct tpl_dict		*d, *b;
	struct span		 sp;
	time_t			 now = time(NULL), mon = monday_of(now);
	time_t			 first = mon - (WEEKS - 1) * 7 * 86400;
	int			 status, fallback;

	ymd(sp.monday, mon, "%Y%m%d");
	ymd(sp.first, first, "%Y%m%d");
	if (page_contracts_read(r, now, &u, &fallback) != UPWORK_OK) {
		status = u.err == UPWORK_EAUTH ? page_signed_out_by_upwork(r) :
		    page_upwork_error(r, &u);
		upwork_res_free(&u);
		return status;
	}
	if ((d = page_begin(r, "Contracts", TPL_CONTRACTS, &b,
	    PAGE_UPWORK_CONTENT)) == NULL) {
		upwork_res_free(&u);
		return 500;
	}
	page_data_age(r, d, &u);
	tpl_set(b, "ORG_NAME", r->sess->org_name);
	sp.rows = json_object_get(u.data, "timeReport");
	if (fallback) {
		tpl_show(b, "FALLBACK");
		history_rows(b, u.data, &sp);
	} else {
		tpl_show(b, "CLIENT_SIDE");
		vendor_rows(b, u.data, &sp);
		client_rows(b, r->sess->org_id, &sp);
	}
	upwork_res_free(&u);
	return page_end(r, d, 200);
}

static const char *
milestone_label(const char *s)
{
	static const struct { const char *k, *v; } m[] = {
		{ "NOT_FUNDED", "Not funded" }, { "ACTIVE", "Funded, in progress" },
		{ "SUBMITTED", "Submitted for review" }, { "PAID", "Paid" },
		{ "REFUNDED", "Refunded" },
	};
	size_t	 i;

	for (i = 0; s != NULL && i < sizeof(m) / sizeof(m[0]); i++)
		if (strcmp(s, m[i].k) == 0)
			return m[i].v;
	return s ? s : "Unknown";
}

static void
milestones(struct req *r, struct tpl_dict *b, json_t *list, int side)
{
	struct tpl_dict	*s;
	json_t		*m;
	char		 money[64], when[PAGE_TIME_LEN];
	time_t		 due;
	size_t		 i;

	json_array_foreach(list, i, m) {
		if ((s = tpl_add_section(b, "MILESTONE")) == NULL)
			return;
		tpl_set(s, "M_ID", upwork_str(m, "id"));
		tpl_set(s, "M_DESCRIPTION", upwork_str(m, "description"));
		tpl_set(s, "M_STATE", milestone_label(upwork_str(m, "state")));
		format_money(money, sizeof(money), json_object_get(m,
		    "depositAmount"));
		tpl_set(s, "M_AMOUNT", money);
		format_money(money, sizeof(money), json_object_get(m, "paid"));
		tpl_set(s, "M_PAID", money);
		due = upwork_str(m, "dueDateTime") ? format_parse_time(
		    upwork_str(m, "dueDateTime")) : (time_t)-1;
		tpl_set(s, "M_DUE", due == (time_t)-1 ? "No due date" :
		    page_time(when, due));
		page_milestone_actions(r, s, m, side);
	}
	if (json_array_size(list) == 0)
		tpl_show(b, "NO_MILESTONES");
}

static void
time_rows(struct tpl_dict *b, json_t *rows)
{
	struct tpl_dict	*s;
	json_t		*row;
	const char	*d;
	char		 h[32], day[16], money[64], raw[32];
	double		 total = 0;
	size_t		 i;

	json_array_foreach(rows, i, row) {
		if ((s = tpl_add_section(b, "DAY")) == NULL)
			return;
		d = upwork_str(row, "dateWorkedOn");
		if (d != NULL && strlen(d) == 8)
			snprintf(day, sizeof(day), "%.4s-%.2s-%.2s", d, d + 4,
			    d + 6);
		else
			snprintf(day, sizeof(day), "?");
		tpl_set(s, "D_DATE", day);
		hours(h, sizeof(h), json_number_value(json_object_get(row,
		    "totalHoursWorked")));
		total += json_number_value(json_object_get(row,
		    "totalHoursWorked"));
		tpl_set(s, "D_HOURS", h);
		/* Upwork gives charges as a number with at most 2 decimals. */
		snprintf(raw, sizeof(raw), "%.2f", json_number_value(
		    json_object_get(row, "totalCharges")));
		if (format_decimal(money, sizeof(money), raw, "USD") == -1)
			money[0] = '\0';
		tpl_set(s, "D_CHARGE", money);
		tpl_set(s, "D_MEMO", upwork_str(row, "memo"));
	}
	hours(h, sizeof(h), total);
	tpl_set(b, "TIME_TOTAL", h);
	if (json_array_size(rows) == 0)
		tpl_show(b, "NO_TIME");
}

int
page_contract_fetch(struct req *r, struct upwork_res *u)
{
	json_t	*vars;
	time_t	 now = time(NULL);

	memset(u, 0, sizeof(*u));
	vars = json_pack("{s:s, s:o}", "id", r->param, "time", time_filter(
	    r->sess->org_id, monday_of(now) - 7 * 86400, now, r->param));
	cache_fetch(r, GQL_CONTRACT, vars, u);
	json_decref(vars);
	if (u->err == UPWORK_EAUTH)
		return page_signed_out_by_upwork(r);
	/* Unknown, or not this organization's: Upwork answers "not found"
	 * or "Authorization failed" with no data. */
	if ((u->err == UPWORK_EOTHER || u->err == UPWORK_EDENIED) &&
	    !json_is_object(json_object_get(u->data, "contract")))
		return page_error(r, 404, "No such contract", "Upwork has no "
		    "contract with this number in this organization.",
		    "Another of your organizations may have it: switch "
		    "organization and look again.", NULL);
	if (u->err != UPWORK_OK ||
	    !json_is_object(json_object_get(u->data, "contract")))
		return page_upwork_error(r, u);
	return 0;
}

int
page_contract_side(struct req *r, json_t *data)
{
	const char	*v = upwork_str(data, "contractDetails.vendorOrganization.id");
	const char	*c = upwork_str(data, "contractDetails.clientOrganization.id");

	if (v != NULL && strcmp(v, r->sess->org_id) == 0)
		return CONTRACT_VENDOR;
	if (c != NULL && strcmp(c, r->sess->org_id) == 0)
		return CONTRACT_CLIENT;
	return 0;
}

/* A link to the contract's messages when Upwork names its room (a key
 * without the messages permission just shows none). */
static void
room_link(struct req *r, struct tpl_dict *b)
{
	struct upwork_res	 u;
	struct tpl_dict		*s;
	json_t			*vars;
	const char		*id;
	char			 href[96];

	memset(&u, 0, sizeof(u));
	vars = json_pack("{s:s}", "contractId", r->param);
	cache_fetch(r, GQL_CONTRACT_ROOM, vars, &u);
	json_decref(vars);
	id = upwork_str(u.data, "contractRoom.id");
	if (u.err == UPWORK_OK && format_room_id_ok(id) &&
	    (s = tpl_add_section(b, "ROOM")) != NULL) {
		snprintf(href, sizeof(href), "/messages/%s", id);
		tpl_set(s, "ROOM_HREF", href);
	}
	upwork_res_free(&u);
}

int
page_contract(struct req *r)
{
	struct upwork_res	 u;
	struct tpl_dict		*d, *b, *s;
	json_t			*c, *det;
	const char		*type, *v;
	char			 money[64], url[160], when[PAGE_TIME_LEN];
	int			 status, hourly, is_hourly, side;

	if ((status = page_contract_fetch(r, &u)) != 0) {
		upwork_res_free(&u);
		return status;
	}
	c = json_object_get(u.data, "contract");
	det = json_object_get(u.data, "contractDetails");
	side = page_contract_side(r, u.data);
	if ((d = page_begin(r, "Contract", TPL_CONTRACT, &b,
	    PAGE_UPWORK_CONTENT)) == NULL) {
		upwork_res_free(&u);
		return 500;
	}
	page_data_age(r, d, &u);
	tpl_set(b, "TITLE", upwork_str(c, "title"));
	tpl_set(b, "STATUS", status_label(upwork_str(c, "status")));
	tpl_set(b, "VENDOR_NAME", upwork_str(det, "vendorOrganization.name"));
	tpl_set(b, "CLIENT_NAME", upwork_str(det, "clientOrganization.name"));
	tpl_set(b, "FREELANCER", upwork_str(c, "freelancer.fullName"));
	tpl_set(b, "SIDE", side == CONTRACT_VENDOR ? "You work on this "
	    "contract (freelancer side)." : side == CONTRACT_CLIENT ? "Your "
	    "organization is the client." : "");
	page_actions_offer(r, b, u.data, side);
	type = upwork_str(c, "contractType");
	hourly = type != NULL && strcmp(type, "HOURLY") == 0;
	if (hourly) {
		format_money(money, sizeof(money), json_object_get(c,
		    "hourlyChargeRate"));
		tpl_set(b, "TERMS", money[0] ? money : "Rate not given");
		tpl_set(b, "TERMS_KIND", "an hour");
		if (json_is_integer(json_object_get(c, "weeklyHoursLimit")) &&
		    (s = tpl_add_section(b, "LIMIT")) != NULL)
			tpl_set_int(s, "LIMIT_HOURS", json_integer_value(
			    json_object_get(c, "weeklyHoursLimit")));
		if ((s = tpl_add_section(b, "TIME")) != NULL)
			time_rows(s, json_object_get(u.data, "timeReport"));
	} else {
		terms_money(money, sizeof(money), NULL, json_object_get(
		    json_object_get(det, "terms"), "fixedPriceTerms"),
		    &is_hourly);
		tpl_set(b, "TERMS", money);
		tpl_set(b, "TERMS_KIND", "");
		if ((s = tpl_add_section(b, "FIXED")) != NULL)
			milestones(r, s, json_object_get(c, "milestones"),
			    side);
	}
	v = upwork_str(c, "startDateTime");
	if (v != NULL && format_parse_time(v) != (time_t)-1)
		tpl_set(b, "STARTED", page_time(when, format_parse_time(v)));
	snprintf(url, sizeof(url), "https://www.upwork.com/nx/wm/workroom/%s",
	    r->param);
	tpl_set(b, "UPWORK_URL", url);
	room_link(r, b);
	upwork_res_free(&u);
	return page_end(r, d, 200);
}
