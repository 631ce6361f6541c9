/* page-jobs.c: /jobs (search Upwork's job postings) and the saved searches
 * (/jobs/saved...). The job itself is page-job.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cache.h"
#include "conf.h"
#include "format.h"
#include "page.h"
#include "req.h"
#include "search.h"
#include "session.h"
#include "upwork.h"
#include "user.h"

#define NEW_MAX_AGE_S	(24 * 3600)	/* "new" marks: DESIGN.md rule 1 */


static const struct page_option type_opts[] = {
	{ "", "Any type" }, { "hourly", "Hourly" }, { "fixed", "Fixed price" },
};
static const struct page_option level_opts[] = {
	{ "", "Any level" }, { "entry", "Entry" },
	{ "intermediate", "Intermediate" }, { "expert", "Expert" },
};
static const struct page_option posted_opts[] = {
	{ "", "Any time" }, { "1", "24 hours" }, { "3", "3 days" },
	{ "7", "7 days" }, { "14", "14 days" }, { "30", "30 days" },
};
static const struct page_option sort_opts[] = {
	{ "recency", "Newest first" }, { "relevance", "Relevance" },
	{ "spent", "Client spend" }, { "rating", "Client rating" },
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static void
set_number(struct tpl_dict *b, const char *key, long v)
{
	char	 n[24] = "";

	tpl_set(b, key, v >= 0 ? format_int(n, v) : n);
}

/* The form, filled with what the user asked for. */
static void
fill_form(struct req *r, struct tpl_dict *b, const struct search *s)
{
	struct upwork_res	 u;
	struct tpl_dict		*o;
	json_t			*cats, *c;
	const char		*id;
	char			 posted[4] = "";
	size_t			 i;

	tpl_set(b, "Q", s->q);
	tpl_set(b, "SKILLS", s->skills);
	/* The category list is Upwork's; without it, only "Any". */
	memset(&u, 0, sizeof(u));
	if (cache_fetch(r, GQL_JOB_CATEGORIES, NULL, &u) == UPWORK_OK) {
		cats = json_object_get(u.data, "ontologyCategories");
		json_array_foreach(cats, i, c) {
			id = upwork_str(c, "id");
			if (id == NULL || (o = tpl_add_section(b, "CATEGORY")) == NULL)
				continue;
			tpl_set(o, "OPT_VALUE", id);
			tpl_set(o, "OPT_LABEL", upwork_str(c, "preferredLabel"));
			if (strcmp(id, s->category) == 0)
				tpl_show(o, "OPT_SELECTED");
		}
	}
	upwork_res_free(&u);
	page_options(b, "TYPE", type_opts, NELEM(type_opts),
	    type_opts[s->type].value);
	page_options(b, "LEVEL", level_opts, NELEM(level_opts),
	    level_opts[s->level].value);
	if (s->posted_days)
		snprintf(posted, sizeof(posted), "%d", s->posted_days);
	page_options(b, "POSTED", posted_opts, NELEM(posted_opts), posted);
	page_options(b, "SORT", sort_opts, NELEM(sort_opts), sort_opts[s->sort].value);
	set_number(b, "HOURLY_MIN", s->hourly_min);
	set_number(b, "HOURLY_MAX", s->hourly_max);
	set_number(b, "BUDGET_MIN", s->budget_min);
	set_number(b, "BUDGET_MAX", s->budget_max);
	set_number(b, "HIRES_MIN", s->hires_min);
	set_number(b, "PROPOSALS_MAX", s->proposals_max);
	if (s->verified)
		tpl_show(b, "VERIFIED_CHECKED");
}

/* One result card. new_since: jobs created after it are marked new. */
static void
fill_job(struct tpl_dict *b, json_t *n, time_t now, time_t new_since)
{
	struct tpl_dict	*j, *s;
	json_t		*skills, *sk, *client, *fb;
	const char	*id = upwork_str(n, "id"), *ct, *hbt;
	const char	*cipher = upwork_str(n, "ciphertext");
	char		 budget[128], lo[48], hi[48], spent[48], ago[32];
	char		 href[96], url[96], rating[64], excerpt[400], count[32];
	time_t		 created;
	size_t		 i;
	int		 linked;

	if (!format_id_ok(id) || (j = tpl_add_section(b, "JOB")) == NULL)
		return;
	tpl_set(j, "JOB_ID", id);
	/* The job page needs the ciphertext for its Upwork link. */
	if ((linked = format_upwork_job_url(url, sizeof(url), cipher)))
		format_join(href, sizeof(href), "/jobs/", id, "?k=", cipher,
		    (char *)NULL);
	else
		format_join(href, sizeof(href), "/jobs/", id, (char *)NULL);
	tpl_set(j, "JOB_HREF", href);
	tpl_set(j, "TITLE", upwork_str(n, "title"));
	format_excerpt(excerpt, sizeof(excerpt), upwork_str(n, "description"));
	tpl_set(j, "EXCERPT", excerpt);
	/* Only hourly jobs have an hourly budget type (NOT_PROVIDED when
	 * the client gave no rate); fixed ones have an amount. */
	hbt = upwork_str(n, "hourlyBudgetType");
	if (hbt != NULL) {
		format_money(lo, sizeof(lo), json_object_get(n, "hourlyBudgetMin"));
		format_money(hi, sizeof(hi), json_object_get(n, "hourlyBudgetMax"));
		format_rate(budget, sizeof(budget), strcmp(hbt,
		    "NOT_PROVIDED") == 0 ? "" : lo, strcmp(hbt,
		    "NOT_PROVIDED") == 0 ? "" : hi);
		tpl_set(j, "TYPE_LABEL", "Hourly");
	} else {
		format_money(budget, sizeof(budget), json_object_get(n, "amount"));
		tpl_set(j, "TYPE_LABEL", "Fixed price");
	}
	tpl_set(j, "BUDGET", budget[0] ? budget : "Budget not given");
	tpl_set(j, "LEVEL_LABEL", format_level(upwork_str(n, "experienceLevel")));
	tpl_set(j, "PROPOSALS", format_count(count, sizeof(count),
	    json_integer_value(json_object_get(n, "totalApplicants")),
	    "proposal", "proposals"));
	ct = upwork_str(n, "createdDateTime");
	if (ct != NULL && (created = format_parse_time(ct)) != (time_t)-1) {
		format_ago(ago, sizeof(ago), created, now);
		tpl_set(j, "POSTED_AGO", ago);
		tpl_set(j, "POSTED_ISO", ct);
		if (created > new_since)
			tpl_show(j, "NEW");
	}
	skills = json_object_get(n, "skills");
	json_array_foreach(skills, i, sk)
		if ((s = tpl_add_section(j, "SKILL")) != NULL)
			tpl_set(s, "SKILL_NAME", upwork_str(sk, "prettyName"));
	client = json_object_get(n, "client");
	ct = upwork_str(client, "verificationStatus");
	tpl_show(j, ct && strcmp(ct, "VERIFIED") == 0 ? "PAY_VERIFIED" :
	    "PAY_UNVERIFIED");
	format_money(spent, sizeof(spent), json_object_get(client, "totalSpent"));
	tpl_set(j, "SPENT", spent[0] ? spent : "$0");
	tpl_set(j, "HIRES", format_count(count, sizeof(count),
	    json_integer_value(json_object_get(client, "totalHires")),
	    "hire", "hires"));
	fb = json_object_get(client, "totalFeedback");
	if (json_integer_value(json_object_get(client, "totalReviews")) > 0 &&
	    json_is_number(fb))
		snprintf(rating, sizeof(rating), "rated %.1f of 5 (%s)",
		    json_number_value(fb), format_count(count, sizeof(count),
		    json_integer_value(json_object_get(client, "totalReviews")),
		    "review", "reviews"));
	else
		format_join(rating, sizeof(rating), "no reviews yet",
		    (char *)NULL);
	tpl_set(j, "RATING", rating);
	/* Attribution: every job links to its page on upwork.com. */
	if (linked)
		tpl_set(j, "UPWORK_URL", url);
	else
		tpl_set(j, "UPWORK_URL", "https://www.upwork.com/nx/search/jobs/");
}

/* The saved searches column. */
static void
fill_saved(struct req *r, struct tpl_dict *b, const struct search *s,
    const char *current)
{
	struct saved_search	*v;
	struct tpl_dict		*d;
	struct buf		 q = BUF_INIT;
	size_t			 n, i;

	if (search_is_set(s) && search_query(s, 0, &q) == 0 &&
	    (d = tpl_add_section(b, "SAVE")) != NULL) {
		tpl_set(d, "CSRF_TOKEN", r->sess->csrf);
		tpl_set(d, "SAVE_QUERY", q.p);
		tpl_set(d, "SAVE_NAME", s->q[0] ? s->q : "My search");
	}
	buf_free(&q);
	if (user_searches(r->sess->user_id, &v, &n) == -1)
		return;
	if (n == 0)
		tpl_show(b, "NO_SAVED");
	for (i = 0; i < n; i++) {
		if ((d = tpl_add_section(b, "SAVED")) == NULL)
			break;
		tpl_set(d, "SAVED_ID", v[i].id);
		tpl_set(d, "SAVED_NAME", v[i].name);
		tpl_set(d, "CSRF_TOKEN", r->sess->csrf);
		if (current != NULL && strcmp(current, v[i].id) == 0)
			tpl_show(d, "SAVED_CURRENT");
	}
	user_searches_free(v, n);
}

/* Upwork's reported paging failure: "Exception occurred" when the filter
 * asks for a page (upwork-api.md §2.4, 2026-04). */
static int
paging_failed(const struct upwork_res *u)
{
	return u->err == UPWORK_ESERVER && u->message != NULL &&
	    strstr(u->message, "Exception occurred") != NULL;
}

int
page_jobs_search(struct req *r, const struct search *s,
    struct upwork_res *u, int *paged)
{
	json_t	*vars;

	memset(u, 0, sizeof(*u));
	*paged = 1;
	vars = search_vars(s, 1);
	cache_fetch(r, GQL_JOBS_SEARCH, vars, u);
	json_decref(vars);
	if (paging_failed(u)) {
		/* Ask again without paging: one page is better than none. */
		upwork_res_free(u);
		memset(u, 0, sizeof(*u));
		*paged = 0;
		vars = search_vars(s, 0);
		cache_fetch(r, GQL_JOBS_SEARCH, vars, u);
		json_decref(vars);
	}
	return u->err;
}

time_t
page_jobs_new_since(time_t looked, time_t now)
{
	/* Since the last look, and never for a job older than 24 hours. */
	return looked > now - NEW_MAX_AGE_S ? looked : now - NEW_MAX_AGE_S;
}

static int
results(struct req *r, struct tpl_dict *layout, struct tpl_dict *b,
    const struct search *s, time_t new_since)
{
	struct upwork_res	 u;
	struct tpl_dict		*res, *p;
	struct buf		 href = BUF_INIT;
	json_t			*conn, *edges, *e;
	const char		*cursor;
	time_t			 now = time(NULL);
	long long		 total;
	size_t			 i, shown;
	int			 status = 200, paged;

	page_jobs_search(r, s, &u, &paged);
	if (u.err != UPWORK_OK) {
		if (u.err == UPWORK_EAUTH) {
			upwork_res_free(&u);
			return -1;	/* the caller signs the user out */
		}
		if ((p = tpl_add_section(b, "ERROR")) != NULL) {
			buf_printf(&href, "%s. %s", upwork_err_heading(u.err),
			    upwork_err_hint(u.err));
			if (u.err == UPWORK_EPERMISSION && u.fields != NULL)
				buf_printf(&href, " Missing: %s.", u.fields);
			tpl_set(p, "ERROR_TEXT", href.p);
		}
		status = upwork_err_status(u.err);
		goto out;
	}
	page_data_age(r, layout, &u);
	if ((p = tpl_add_section(b, "FETCHED")) != NULL) {
		char when[PAGE_TIME_LEN];
		tpl_set(p, "FETCHED_AT", page_time(when, u.fetched_at));
	}
	conn = json_object_get(u.data, "marketplaceJobPostingsSearch");
	edges = json_object_get(conn, "edges");
	total = json_integer_value(json_object_get(conn, "totalCount"));
	shown = json_array_size(edges);
	if (shown == 0) {
		tpl_show(b, "EMPTY");
		goto out;
	}
	if ((res = tpl_add_section(b, "RESULTS")) == NULL)
		goto out;
	tpl_set_int(res, "TOTAL", total > (long long)shown ? total :
	    (long long)shown);
	if ((p = tpl_add_section(res, "SHOWN")) != NULL) {
		tpl_set_int(p, "SHOWN_FROM", s->from + 1);
		tpl_set_int(p, "SHOWN_TO", s->from + (long)shown);
	}
	json_array_foreach(edges, i, e)
		fill_job(res, json_object_get(e, "node"), now, new_since);
	cursor = upwork_str(conn, "pageInfo.endCursor");
	if (paged && json_is_true(json_object_get(json_object_get(conn,
	    "pageInfo"), "hasNextPage")) && cursor != NULL &&
	    strlen(cursor) < sizeof(s->after)) {
		struct search next = *s;
		snprintf(next.after, sizeof(next.after), "%s", cursor);
		/* Cursors may be opaque: the page carries where it starts. */
		next.from = s->from + (long)shown;
		buf_reset(&href);
		buf_puts(&href, "/jobs?");
		if (search_query(&next, 1, &href) == 0 &&
		    (p = tpl_add_section(res, "NEXT")) != NULL)
			tpl_set(p, "NEXT_HREF", href.p);
	}
	if (s->after[0]) {
		buf_reset(&href);
		buf_puts(&href, "/jobs?");
		if (search_query(s, 0, &href) == 0 &&
		    (p = tpl_add_section(res, "FIRST")) != NULL)
			tpl_set(p, "FIRST_HREF", href.p);
	}
	if ((!paged || !json_is_true(json_object_get(json_object_get(conn,
	    "pageInfo"), "hasNextPage"))) && total > (long long)shown &&
	    !s->after[0] && (p = tpl_add_section(b, "NOTICE")) != NULL)
		tpl_set(p, "NOTICE_TEXT", "Upwork returned only this page of "
		    "the results; narrow the search to see the others.");
out:
	buf_free(&href);
	upwork_res_free(&u);
	return status;
}

/* A saved search's own query, plus the page the request asks for. 0; 1
 * no such search; -1 error. */
static int
saved_query(struct req *r, const char *id, struct kvlist *out, time_t *looked)
{
	struct saved_search	*v;
	struct buf		 q = BUF_INIT;
	const char		*after = kv_get(&r->query, "after");
	size_t			 n, i;
	int			 rc = 1;

	if (user_searches(r->sess->user_id, &v, &n) == -1)
		return -1;
	for (i = 0; i < n && rc == 1; i++) {
		if (strcmp(v[i].id, id) != 0)
			continue;
		buf_puts(&q, v[i].query);
		if (after != NULL) {
			buf_puts(&q, "&after=");
			buf_urlencode(&q, after);
		}
		rc = q.p != NULL && req_parse_urlencoded(q.p, q.len, out) == 0 ?
		    0 : -1;
		*looked = v[i].looked;
	}
	user_searches_free(v, n);
	buf_free(&q);
	return rc;
}

int
page_jobs(struct req *r)
{
	struct tpl_dict	*d, *b, *p;
	struct search	 s;
	struct kvlist	 saved = { NULL, 0 };
	struct buf	 err = BUF_INIT;
	const char	*saved_id = kv_get(&r->query, "saved");
	time_t		 looked = 0, now = time(NULL), new_since;
	int		 status = 200, rc;

	if (saved_id != NULL) {
		rc = strlen(saved_id) == 16 ? saved_query(r, saved_id, &saved,
		    &looked) : 1;
		if (rc != 0) {
			kvlist_free(&saved);
			return rc == 1 ? page_error(r, 404, "No such saved "
			    "search", "That saved search does not exist, or "
			    "was deleted.", NULL, NULL) : 500;
		}
	}
	if ((d = page_begin(r, "Find jobs", TPL_JOBS, &b,
	    PAGE_UPWORK_CONTENT)) == NULL) {
		kvlist_free(&saved);
		return 500;
	}
	if (search_parse(saved_id ? &saved : &r->query, &s, &err) == -1) {
		status = 400;
		if ((p = tpl_add_section(b, "ERROR")) != NULL)
			tpl_set(p, "ERROR_TEXT", err.p);
		memset(&s, 0, sizeof(s));
		s.hourly_min = s.hourly_max = s.budget_min = s.budget_max = -1;
		s.hires_min = s.proposals_max = -1;
	} else {
		/* "New" only for a saved search. */
		new_since = saved_id == NULL ? now :
		    page_jobs_new_since(looked, now);
		rc = results(r, d, b, &s, new_since);
		if (rc == -1) {
			tpl_dict_free(d);
			kvlist_free(&saved);
			buf_free(&err);
			return page_signed_out_by_upwork(r);
		}
		status = rc;
	}
	fill_form(r, b, &s);
	fill_saved(r, b, &s, saved_id);
	kvlist_free(&saved);
	buf_free(&err);
	return page_end(r, d, status);
}

/* The saved-search forms: name checked the same way everywhere. */
static int
name_ok(const char *name)
{
	size_t	 chars = 0;

	if (name == NULL || name[strspn(name, " \t")] == '\0')
		return 0;
	/* Characters, as the form's maxlength counts them. */
	for (const char *p = name; *p; p++)
		if (((unsigned char)*p & 0xc0) != 0x80)
			chars++;
	return chars <= SEARCH_NAME_MAX;
}

int
page_search_save(struct req *r)
{
	const char	*name = kv_get(&r->form, "name");
	const char	*query = kv_get(&r->form, "query");
	struct kvlist	 l = { NULL, 0 };
	struct search	 s;
	struct buf	 err = BUF_INIT, canon = BUF_INIT, loc = BUF_INIT;
	char		 id[17];
	int		 rc, status;

	/* The query is re-read as the search form would be and stored in
	 * its canonical form, so a saved search is always one we can run. */
	if (!name_ok(name) || query == NULL || strlen(query) > SEARCH_QUERY_MAX ||
	    req_parse_urlencoded(query, strlen(query), &l) != 0 ||
	    search_parse(&l, &s, &err) == -1 || !search_is_set(&s) ||
	    search_query(&s, 0, &canon) == -1) {
		kvlist_free(&l);
		buf_free(&err);
		buf_free(&canon);
		return page_error(r, 400, "This search cannot be saved",
		    "A saved search needs a name of at most 80 characters "
		    "and at least one keyword or filter.", "Go back, "
		    "check the name and try again.", NULL);
	}
	kvlist_free(&l);
	buf_free(&err);
	rc = user_search_save(r->sess->user_id, name, canon.p, id);
	buf_free(&canon);
	if (rc == 1)
		return page_error(r, 409, "Too many saved searches",
		    "You can keep up to 50 saved searches.",
		    "Delete one you no longer use, then save this one.", NULL);
	if (rc == -1)
		return 500;
	buf_printf(&loc, "/jobs?saved=%s", id);
	status = req_redirect(r, loc.p);
	buf_free(&loc);
	return status;
}

static int
saved_result(struct req *r, int rc)
{
	if (rc == 1)
		return page_error(r, 404, "No such saved search",
		    "That saved search does not exist, or was deleted.",
		    NULL, NULL);
	return rc == 0 ? req_redirect(r, "/jobs") : 500;
}

int
page_search_rename(struct req *r)
{
	const char	*name = kv_get(&r->form, "name");

	if (!name_ok(name))
		return page_error(r, 400, "That name cannot be used",
		    "A saved search's name has 1 to 80 characters.",
		    "Go back and try another name.", NULL);
	return saved_result(r, user_search_rename(r->sess->user_id,
	    r->param, name));
}

int
page_search_delete(struct req *r)
{
	return saved_result(r, user_search_delete(r->sess->user_id, r->param));
}

int
page_search_seen(struct req *r)
{
	struct buf	 loc = BUF_INIT;
	time_t		 before;
	int		 rc, status;

	rc = user_search_looked(r->sess->user_id, r->param, time(NULL),
	    &before);
	if (rc != 0)
		return saved_result(r, rc);
	buf_printf(&loc, "/jobs?saved=%s", r->param);
	status = req_redirect(r, loc.p);
	buf_free(&loc);
	return status;
}
