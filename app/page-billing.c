/* page-billing.c: /billing (transactions in a date range, totals per
 * currency, earnings per month as an SVG chart and a table),
 * /billing/export.csv (the same rows as CSV, made on request, never
 * stored) and /billing/invoices/ID (an invoice: the rows that name it).
 *
 * Money stays exact: every amount is Upwork's decimal string turned into
 * whole cents (format_cents_parse) and added as integers. Upwork has no
 * invoice query: an invoice is the set of rows whose relatedInvoiceId it
 * is, all of one day (upwork-api.md §2.8), so invoice links carry that
 * day. */
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

#define RANGE_MAX_DAYS	366	/* one request of Upwork's; a year */
#define DEFAULT_DAYS	30
/* Rows a page shows: the totals and the chart always cover the whole
 * range, and a page stays well under 50 KB on a phone (issue 13). */
#define PAGE_ROWS	50
#define CURRENCIES_MAX	8
#define MONTHS		PAGE_EARNINGS_MONTHS
#define CHART_W		600
#define CHART_H		180

static const struct page_option kinds[] = {
	{ "", "All kinds" }, { "Hourly", "Hourly" },
	{ "Fixed Price", "Fixed price" }, { "Bonus", "Bonus" },
	{ "Service Fee", "Service fee" }, { "Refund", "Refund" },
	{ "Membership Fee", "Membership fee" }, { "Withdrawal", "Withdrawal" },
	{ "Withdrawal Fee", "Withdrawal fee" },
};
#define NKINDS (sizeof(kinds) / sizeof(kinds[0]))

struct total {
	char		 currency[4];
	long long	 in, out;	/* cents */
};

struct range {
	char		 from[11], to[11];	/* YYYY-MM-DD */
	const char	*kind;			/* "" all */
	int		 page;			/* of PAGE_ROWS rows, from 1 */
};

/* A YYYY-MM-DD that is a real day, as its time at 00:00 UTC; -1 if not. */
static time_t
day_of(const char *s)
{
	struct tm	 tm;
	char		 back[11];
	time_t		 t;

	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
	    strspn(s, "0123456789-") != 10)
		return -1;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = atoi(s) - 1900;
	tm.tm_mon = atoi(s + 5) - 1;
	tm.tm_mday = atoi(s + 8);
	t = timegm(&tm);
	gmtime_r(&t, &tm);
	strftime(back, sizeof(back), "%Y-%m-%d", &tm);
	return strcmp(back, s) == 0 ? t : -1;
}

static void
ymd(char out[11], time_t t)
{
	struct tm	 tm;

	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

/* The range asked for (default: the last 30 days); NULL, or what is wrong. */
static const char *
range_of(struct req *r, struct range *g)
{
	const char	*from = kv_get(&r->query, "from");
	const char	*to = kv_get(&r->query, "to");
	const char	*kind = kv_get(&r->query, "kind");
	const char	*page = kv_get(&r->query, "page");
	time_t		 now = time(NULL), a, b;
	size_t		 i;

	ymd(g->to, now);
	ymd(g->from, now - (DEFAULT_DAYS - 1) * 86400L);
	if (to != NULL && to[0] != '\0')
		snprintf(g->to, sizeof(g->to), "%.10s", to);
	if (from != NULL && from[0] != '\0')
		snprintf(g->from, sizeof(g->from), "%.10s", from);
	if ((to && strlen(to) > 10) || (from && strlen(from) > 10) ||
	    (a = day_of(g->from)) == -1 || (b = day_of(g->to)) == -1)
		return "The dates must be days like 2026-11-29.";
	if (a > b)
		return "The first day is after the last.";
	if ((b - a) / 86400 + 1 > RANGE_MAX_DAYS)
		return "Upwork gives at most a year of transactions at a time.";
	g->kind = "";
	for (i = 0; kind != NULL && i < NKINDS; i++)
		if (strcmp(kind, kinds[i].value) == 0)
			g->kind = kinds[i].value;
	if (kind != NULL && kind[0] != '\0' && g->kind[0] == '\0')
		return "Choose one of the kinds of transaction listed.";
	g->page = 1;
	if (page != NULL && (strlen(page) == 0 || strlen(page) > 4 ||
	    strspn(page, "0123456789") != strlen(page) ||
	    (g->page = atoi(page)) < 1))
		return "The page must be a number from 1.";
	return NULL;
}

/* Links to the pages before and after this one of n rows; query holds the
 * range (and kind) they keep. */
static void
pager(struct tpl_dict *b, const char *query, int page, size_t n)
{
	struct tpl_dict	*s;
	char		 href[256];
	int		 last = n == 0 ? 1 : (int)((n + PAGE_ROWS - 1) /
			    PAGE_ROWS);

	if (page > last)
		page = last;
	if (last > 1) {
		tpl_show(b, "PAGER");
		tpl_set_int(b, "PAGE", page);
		tpl_set_int(b, "PAGES", last);
	}
	if (page > 1) {
		snprintf(href, sizeof(href), "/billing?%s&page=%d", query,
		    page - 1);
		if ((s = tpl_add_section(b, "PREV")) != NULL)
			tpl_set(s, "PREV_HREF", href);
	}
	if (page < last) {
		snprintf(href, sizeof(href), "/billing?%s&page=%d", query,
		    page + 1);
		if ((s = tpl_add_section(b, "NEXT")) != NULL)
			tpl_set(s, "NEXT_HREF", href);
	}
}

/* The organization's accounting entity id into out; Upwork's error when
 * it has none to give (u is left for the caller's error page). */
static enum upwork_err
ace_get(struct req *r, char *out, size_t size, struct upwork_res *u)
{
	const char	*id;

	memset(u, 0, sizeof(*u));
	out[0] = '\0';
	if (cache_fetch(r, GQL_ACCOUNTING_ENTITY, NULL, u) != UPWORK_OK)
		return u->err;
	/* An answer without it does not fit our document (found by
	 * fuzz-render: u->err stayed UPWORK_OK and the page said "Error
	 * 200"). */
	if ((id = upwork_str(u->data, "accountingEntity.id")) == NULL)
		return u->err = UPWORK_EVALIDATION;
	snprintf(out, size, "%s", id);
	return UPWORK_OK;
}

/* The rows of [from, to] (and kind) into u, without any page. */
static enum upwork_err
rows_get(struct req *r, const char *from, const char *to, const char *kind,
    struct upwork_res *u)
{
	json_t	*vars;
	char	 ace[64];

	if (ace_get(r, ace, sizeof(ace), u) != UPWORK_OK)
		return u->err;
	upwork_res_free(u);
	memset(u, 0, sizeof(*u));
	vars = json_pack("{s:[s], s:{s:s, s:s}}", "ace", ace, "range",
	    "rangeStart", from, "rangeEnd", to);
	if (vars != NULL && kind != NULL && kind[0] != '\0')
		json_object_set_new(vars, "types", json_pack("[s]", kind));
	cache_fetch(r, GQL_BILLING, vars, u);
	json_decref(vars);
	return u->err;
}

/* The same, or the error page (0, or its status). */
static int
rows_of(struct req *r, const char *from, const char *to, const char *kind,
    struct upwork_res *u)
{
	switch (rows_get(r, from, to, kind, u)) {
	case UPWORK_OK:
		return 0;
	case UPWORK_EAUTH:
		return page_signed_out_by_upwork(r);
	default:
		return page_upwork_error(r, u);
	}
}

static json_t *
row_list(struct upwork_res *u)
{
	return json_object_get(json_object_get(json_object_get(u->data,
	    "transactionHistory"), "transactionDetail"),
	    "transactionHistoryRow");
}

/* A row's amount in cents and currency; -1 when unreadable. */
static int
amount_of(json_t *row, long long *cents, const char **cur)
{
	*cur = upwork_str(row, "transactionAmount.currency");
	if (*cur == NULL || strlen(*cur) != 3)
		return -1;
	return format_cents_parse(upwork_str(row, "transactionAmount.rawValue"),
	    cents);
}

static void
add_total(struct total *t, size_t *n, const char *cur, long long cents)
{
	size_t	 i;

	for (i = 0; i < *n && strcmp(t[i].currency, cur) != 0; i++)
		;
	if (i == *n) {
		if (*n == CURRENCIES_MAX)
			return;
		memset(&t[i], 0, sizeof(t[i]));
		snprintf(t[i].currency, sizeof(t[i].currency), "%s", cur);
		(*n)++;
	}
	if (cents >= 0)
		t[i].in += cents;
	else
		t[i].out += cents;
}

static void
show_totals(struct tpl_dict *b, const struct total *t, size_t n)
{
	struct tpl_dict	*s;
	char		 m[64];
	size_t		 i;

	for (i = 0; i < n; i++) {
		if ((s = tpl_add_section(b, "TOTAL")) == NULL)
			return;
		tpl_set(s, "T_CURRENCY", t[i].currency);
		format_cents(m, sizeof(m), t[i].in, t[i].currency);
		tpl_set(s, "T_IN", m);
		format_cents(m, sizeof(m), t[i].out, t[i].currency);
		tpl_set(s, "T_OUT", m);
		format_cents(m, sizeof(m), t[i].in + t[i].out, t[i].currency);
		tpl_set(s, "T_NET", m);
	}
}

/* The UTC day of an Upwork date-time ("2026-04-26T00:00:00+0000"), the
 * day a row belongs to; "?" when it is not one. */
static void
day_text(char out[11], const char *dt)
{
	time_t	 t = format_parse_time(dt);

	if (t == (time_t)-1)
		snprintf(out, 11, "?");
	else
		ymd(out, t);
}

/* Table rows (section ROW) and totals of rows; only those of invoice
 * when it is not NULL. Returns how many. */
static size_t
fill_rows(struct tpl_dict *b, json_t *rows, const char *invoice,
    size_t first, size_t max, struct total *t, size_t *nt)
{
	struct tpl_dict	*s, *x;
	json_t		*row;
	const char	*cur, *inv;
	long long	 cents;
	char		 m[64], day[11], href[96];
	size_t		 i, n = 0;

	json_array_foreach(rows, i, row) {
		inv = upwork_str(row, "relatedInvoiceId");
		if (invoice != NULL && (inv == NULL || strcmp(inv, invoice) != 0))
			continue;
		/* Every row counts in the totals; only this page's show. */
		if (n < first || n >= first + max) {
			if (amount_of(row, &cents, &cur) == 0)
				add_total(t, nt, cur, cents);
			n++;
			continue;
		}
		if ((s = tpl_add_section(b, "ROW")) == NULL)
			break;
		n++;
		day_text(day, upwork_str(row, "transactionCreationDate"));
		tpl_set(s, "R_DATE", day);
		tpl_set(s, "R_KIND", upwork_str(row, "accountingSubtype"));
		tpl_set(s, "R_DESCRIPTION", upwork_str(row, "descriptionUI"));
		tpl_set(s, "R_STATUS", upwork_str(row, "paymentStatus"));
		if (amount_of(row, &cents, &cur) == 0) {
			format_cents(m, sizeof(m), cents, cur);
			tpl_set(s, "R_AMOUNT", m);
			if (cents < 0)
				tpl_show(s, "R_NEGATIVE");
			add_total(t, nt, cur, cents);
		} else
			tpl_set(s, "R_AMOUNT", "?");
		if (invoice == NULL && format_id_ok(inv) &&
		    (x = tpl_add_section(s, "R_INVOICE")) != NULL) {
			snprintf(href, sizeof(href), "/billing/invoices/%s?day=%s",
			    inv, day);
			tpl_set(x, "INVOICE_HREF", href);
			tpl_set(x, "INVOICE_ID", inv);
		}
	}
	return n;
}

int
page_billing_earnings(struct req *r, time_t now, struct page_earnings *e,
    struct upwork_res *u)
{
	json_t		*row;
	const char	*cur, *k;
	long long	 cents;
	char		 from[24], to[11], dday[11];
	struct tm	 tm;
	size_t		 i, j, mi;
	int		 y0, m0, y, mo;

	memset(e, 0, sizeof(*e));
	gmtime_r(&now, &tm);
	y0 = tm.tm_year + 1900;
	m0 = tm.tm_mon;		/* this month, 0-11 */
	for (i = 0; i < PAGE_EARNINGS_MONTHS; i++) {
		y = y0 + (m0 - (int)(PAGE_EARNINGS_MONTHS - 1) + (int)i < 0 ?
		    -1 : 0);
		mo = (m0 - (int)(PAGE_EARNINGS_MONTHS - 1) + (int)i + 12) % 12;
		snprintf(e->month[i], sizeof(e->month[i]), "%04d-%02d", y,
		    mo + 1);
	}
	snprintf(from, sizeof(from), "%s-01", e->month[0]);
	ymd(to, now);
	if (rows_get(r, from, to, NULL, u) != UPWORK_OK)
		return u->err;
	/* An answer without the rows does not fit our document. */
	if (!json_is_array(row_list(u)))
		return u->err = UPWORK_EVALIDATION;
	json_array_foreach(row_list(u), i, row) {
		k = upwork_str(row, "accountingSubtype");
		day_text(dday, upwork_str(row, "transactionCreationDate"));
		if (k == NULL || dday[0] == '?' ||
		    (strcmp(k, "Hourly") != 0 && strcmp(k, "Fixed Price") != 0 &&
		    strcmp(k, "Bonus") != 0) || amount_of(row, &cents, &cur) != 0)
			continue;
		for (mi = 0; mi < PAGE_EARNINGS_MONTHS &&
		    strncmp(e->month[mi], dday, 7) != 0; mi++)
			;
		for (j = 0; j < e->n && strcmp(e->currency[j], cur) != 0; j++)
			;
		if (mi == PAGE_EARNINGS_MONTHS ||
		    (j == e->n && e->n == PAGE_EARNINGS_CURRENCIES))
			continue;
		if (j == e->n)
			snprintf(e->currency[e->n++], 4, "%s", cur);
		e->cents[j][mi] += cents;
	}
	return UPWORK_OK;
}

/* Earnings per month of the last 12 months, per currency: an SVG bar
 * chart and the same figures in a table. */
static void
chart(struct req *r, struct tpl_dict *b)
{
	struct upwork_res	 u;
	struct page_earnings	 e;
	struct tpl_dict		*c, *s;
	long long		 max;
	char			 m[64], num[32];
	size_t			 i, j;

	memset(&u, 0, sizeof(u));
	if (page_billing_earnings(r, time(NULL), &e, &u) != UPWORK_OK) {
		/* The list stands without its chart. */
		tpl_show(b, "NO_CHART");
		upwork_res_free(&u);
		return;
	}
	upwork_res_free(&u);
	for (j = 0; j < e.n; j++) {
		if ((c = tpl_add_section(b, "CHART")) == NULL)
			return;
		tpl_set(c, "C_CURRENCY", e.currency[j]);
		tpl_set_int(c, "C_W", CHART_W);
		tpl_set_int(c, "C_H", CHART_H + 20);
		for (max = 1, i = 0; i < MONTHS; i++)
			if (e.cents[j][i] > max)
				max = e.cents[j][i];
		for (i = 0; i < MONTHS; i++) {
			if ((s = tpl_add_section(c, "BAR")) == NULL)
				break;
			long long h = e.cents[j][i] > 0 ? e.cents[j][i] * CHART_H /
			    max : 0;
			tpl_set_int(s, "B_X", (long long)i * (CHART_W / MONTHS) + 4);
			tpl_set_int(s, "B_W", CHART_W / MONTHS - 8);
			tpl_set_int(s, "B_Y", CHART_H - h);
			tpl_set_int(s, "B_H", h);
			tpl_set_int(s, "B_LX", (long long)i * (CHART_W / MONTHS) +
			    CHART_W / MONTHS / 2);
			tpl_set_int(s, "B_LY", CHART_H + 15);
			tpl_set(s, "B_MONTH", e.month[i]);
			tpl_set(s, "B_SHORT", e.month[i] + 5);
			format_cents(m, sizeof(m), e.cents[j][i], e.currency[j]);
			tpl_set(s, "B_AMOUNT", m);
			snprintf(num, sizeof(num), "%lld", e.cents[j][i]);
			tpl_set(s, "B_CENTS", num);
		}
	}
}

int
page_billing(struct req *r)
{
	struct upwork_res	 u;
	struct tpl_dict		*d, *b;
	struct range		 g;
	struct total		 t[CURRENCIES_MAX];
	struct buf		 csv = BUF_INIT;
	const char		*bad;
	size_t			 nt = 0, n;
	int			 status;

	if ((bad = range_of(r, &g)) != NULL)
		return page_error(r, 400, "Bad request", bad, "Choose the days "
		    "again on the billing page.", NULL);
	if ((status = rows_of(r, g.from, g.to, g.kind, &u)) != 0) {
		upwork_res_free(&u);
		return status;
	}
	if ((size_t)(g.page - 1) * PAGE_ROWS >= json_array_size(row_list(&u)) &&
	    g.page > 1) {
		upwork_res_free(&u);
		return page_error(r, 400, "Bad request", "There is no such page "
		    "of transactions in these days.", "Go back to the first "
		    "page.", NULL);
	}
	if ((d = page_begin(r, "Billing", TPL_BILLING, &b,
	    PAGE_UPWORK_CONTENT)) == NULL) {
		upwork_res_free(&u);
		return 500;
	}
	page_data_age(r, d, &u);
	tpl_set(b, "FROM", g.from);
	tpl_set(b, "TO", g.to);
	page_options(b, "KIND", kinds, NKINDS, g.kind);
	n = fill_rows(b, row_list(&u), NULL, (size_t)(g.page - 1) * PAGE_ROWS,
	    PAGE_ROWS, t, &nt);
	if (n == 0)
		tpl_show(b, "EMPTY");
	show_totals(b, t, nt);
	/* The range (and kind) the pager and the export both keep. */
	buf_printf(&csv, "/billing/export.csv?from=%s&to=%s", g.from, g.to);
	if (g.kind[0] != '\0') {
		buf_puts(&csv, "&kind=");
		buf_urlencode(&csv, g.kind);
	}
	pager(b, csv.p ? strchr(csv.p, '?') + 1 : "", g.page, n);
	tpl_set(b, "CSV_HREF", csv.p);
	buf_free(&csv);
	upwork_res_free(&u);
	chart(r, b);
	return page_end(r, d, 200);
}

/* One CSV cell (RFC 4180): quoted when it holds a comma, a quote or a
 * line break; a text a spreadsheet would run as a formula (= + - @, tab,
 * CR first) gets a leading apostrophe. */
static void
csv_cell(struct buf *o, const char *v, int text)
{
	const char	*p;

	if (v == NULL)
		v = "";
	if (text && (v[0] == '=' || v[0] == '+' || v[0] == '-' ||
	    v[0] == '@' || v[0] == '\t' || v[0] == '\r')) {
		buf_puts(o, "\"'");
		goto quoted;
	}
	if (strpbrk(v, ",\"\r\n") == NULL) {
		buf_puts(o, v);
		return;
	}
	buf_puts(o, "\"");
quoted:
	for (p = v; *p; p++)
		buf_append(o, *p == '"' ? "\"\"" : p, *p == '"' ? 2 : 1);
	buf_puts(o, "\"");
}

int
page_billing_csv(struct req *r)
{
	struct upwork_res	 u;
	struct range		 g;
	json_t			*row;
	const char		*bad, *cur;
	long long		 cents;
	char			 day[11], num[32], disp[96];
	size_t			 i;
	int			 status;

	if ((bad = range_of(r, &g)) != NULL)
		return page_error(r, 400, "Bad request", bad, NULL, NULL);
	if ((status = rows_of(r, g.from, g.to, g.kind, &u)) != 0) {
		upwork_res_free(&u);
		return status;
	}
	buf_reset(&r->body);
	buf_puts(&r->body, "Date,Kind,Description,Amount,Currency,Status,"
	    "Invoice\r\n");
	json_array_foreach(row_list(&u), i, row) {
		day_text(day, upwork_str(row, "transactionCreationDate"));
		csv_cell(&r->body, day, 0);
		buf_puts(&r->body, ",");
		csv_cell(&r->body, upwork_str(row, "accountingSubtype"), 1);
		buf_puts(&r->body, ",");
		csv_cell(&r->body, upwork_str(row, "descriptionUI"), 1);
		buf_puts(&r->body, ",");
		if (amount_of(row, &cents, &cur) == 0) {
			snprintf(num, sizeof(num), "%s%lld.%02lld", cents < 0 ?
			    "-" : "", (cents < 0 ? -cents : cents) / 100,
			    (cents < 0 ? -cents : cents) % 100);
			buf_puts(&r->body, num);
			buf_puts(&r->body, ",");
			csv_cell(&r->body, cur, 1);
		} else
			buf_puts(&r->body, ",");
		buf_puts(&r->body, ",");
		csv_cell(&r->body, upwork_str(row, "paymentStatus"), 1);
		buf_puts(&r->body, ",");
		csv_cell(&r->body, upwork_str(row, "relatedInvoiceId"), 1);
		buf_puts(&r->body, "\r\n");
	}
	upwork_res_free(&u);
	r->content_type = "text/csv; charset=utf-8";
	snprintf(disp, sizeof(disp), "attachment; filename=\"workdesk-"
	    "transactions-%s-to-%s.csv\"", g.from, g.to);
	req_header(r, "Content-Disposition", disp);
	return 200;
}

int
page_invoice(struct req *r)
{
	struct upwork_res	 u;
	struct tpl_dict		*d, *b, *s;
	struct total		 t[CURRENCIES_MAX];
	json_t			*row;
	const char		*day = kv_get(&r->query, "day"), *v;
	size_t			 nt = 0, i;
	char			 url[160];
	int			 status;

	if (day == NULL || day_of(day) == -1)
		return page_error(r, 400, "Bad request", "An invoice is opened "
		    "from the billing page, which gives its day.", "Find it "
		    "on the billing page.", NULL);
	if ((status = rows_of(r, day, day, NULL, &u)) != 0) {
		upwork_res_free(&u);
		return status;
	}
	if ((d = page_begin(r, "Invoice", TPL_INVOICE, &b,
	    PAGE_UPWORK_CONTENT)) == NULL) {
		upwork_res_free(&u);
		return 500;
	}
	page_data_age(r, d, &u);
	tpl_set(b, "INVOICE_ID", r->param);
	tpl_set(b, "DAY", day);
	if (fill_rows(b, row_list(&u), r->param, 0, SIZE_MAX, t, &nt) == 0) {
		upwork_res_free(&u);
		tpl_dict_free(d);
		return page_error(r, 404, "No such invoice", "Upwork lists no "
		    "invoice with this number on that day in this "
		    "organization.", NULL, NULL);
	}
	show_totals(b, t, nt);
	json_array_foreach(row_list(&u), i, row)
		if ((v = upwork_str(row, "relatedInvoiceId")) != NULL &&
		    strcmp(v, r->param) == 0 &&
		    (v = upwork_str(row, "assignmentCompanyName")) != NULL &&
		    (s = tpl_add_section(b, "CLIENT")) != NULL) {
			tpl_set(s, "CLIENT_NAME", v);
			break;
		}
	snprintf(url, sizeof(url), "https://www.upwork.com/nx/payments/"
	    "invoices/%s", r->param);
	tpl_set(b, "UPWORK_URL", url);
	upwork_res_free(&u);
	return page_end(r, d, 200);
}
