/* page-job.c: /jobs/ID, one job posting in full: the description as text
 * with its paragraphs, the screening questions, the terms, and the way to
 * apply. The posting's Upwork link needs its ciphertext, which only the
 * search results carry: the result card passes it along as ?k=. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cache.h"
#include "format.h"
#include "page.h"
#include "req.h"
#include "upwork.h"

/* The description split at blank lines; each paragraph keeps its line
 * breaks (the stylesheet shows them), and is escaped by the template. */
static void
paragraphs(struct tpl_dict *b, const char *text)
{
	struct tpl_dict	*p;
	const char	*end;
	char		*para;
	size_t		 n;

	while (text != NULL && *text) {
		while (*text == '\n' || *text == '\r')
			text++;
		if (*text == '\0')
			break;
		end = strstr(text, "\n\n");
		n = end ? (size_t)(end - text) : strlen(text);
		if ((para = strndup(text, n)) == NULL)
			return;
		if ((p = tpl_add_section(b, "PARA")) != NULL)
			tpl_set(p, "PARA_TEXT", para);
		free(para);
		text += n;
	}
}

/* An hourly bound: a plain number of dollars here (Money on search). */
static void
dollars(char *out, size_t size, json_t *v)
{
	char	 raw[32];

	out[0] = '\0';
	if (json_is_integer(v))
		snprintf(raw, sizeof(raw), "%lld", (long long)json_integer_value(v));
	else if (json_is_real(v))
		snprintf(raw, sizeof(raw), "%.2f", json_real_value(v));
	else
		return;
	format_decimal(out, size, raw, "USD");
}

size_t
page_questions(json_t *qs, json_t **out, size_t max)
{
	json_t		*it;
	json_int_t	 seq;
	size_t		 i, j, n = 0;

	/* Upwork numbers them; show them in that order (insertion sort:
	 * a handful, and equal numbers keep Upwork's order). */
	json_array_foreach(qs, i, it) {
		if (n == max)
			break;
		seq = json_integer_value(json_object_get(it, "sequenceNumber"));
		for (j = n; j > 0 && json_integer_value(json_object_get(
		    out[j - 1], "sequenceNumber")) > seq; j--)
			out[j] = out[j - 1];
		out[j] = it;
		n++;
	}
	return n;
}

static void
fill(struct tpl_dict *b, const char *id, json_t *job, const char *ciphertext)
{
	struct buf	 apply = BUF_INIT;
	struct tpl_dict	*s, *q;
	json_t		*terms, *hourly, *skills, *sk, *qs, *it, *sorted[32];
	const char	*type, *cat;
	char		 budget[128], lo[48], hi[48], url[96];
	size_t		 i, nq;

	tpl_set(b, "TITLE", upwork_str(job, "content.title"));
	paragraphs(b, upwork_str(job, "content.description"));
	terms = json_object_get(job, "contractTerms");
	type = upwork_str(terms, "contractType");
	hourly = json_object_get(terms, "hourlyContractTerms");
	if (type != NULL && strcmp(type, "HOURLY") == 0) {
		dollars(lo, sizeof(lo), json_object_get(hourly, "hourlyBudgetMin"));
		dollars(hi, sizeof(hi), json_object_get(hourly, "hourlyBudgetMax"));
		format_rate(budget, sizeof(budget), lo, hi);
		tpl_set(b, "TYPE_LABEL", "Hourly");
	} else {
		format_money(budget, sizeof(budget), json_object_get(
		    json_object_get(terms, "fixedPriceContractTerms"), "amount"));
		if (budget[0] == '\0')
			snprintf(budget, sizeof(budget), "Budget not given");
		tpl_set(b, "TYPE_LABEL", "Fixed price");
	}
	tpl_set(b, "BUDGET", budget);
	tpl_set(b, "LEVEL_LABEL", format_level(upwork_str(terms,
	    "experienceLevel")));
	if ((cat = upwork_str(job, "classification.category.preferredLabel")) &&
	    (s = tpl_add_section(b, "CATEGORY")) != NULL)
		tpl_set(s, "CATEGORY_LABEL", cat);
	skills = json_object_get(json_object_get(job, "classification"),
	    "skills");
	if (json_array_size(skills) > 0 &&
	    (s = tpl_add_section(b, "SKILLS")) != NULL)
		json_array_foreach(skills, i, sk)
			if ((q = tpl_add_section(s, "SKILL")) != NULL)
				tpl_set(q, "SKILL_NAME",
				    upwork_str(sk, "preferredLabel"));
	tpl_show(b, json_is_true(json_object_get(json_object_get(
	    json_object_get(job, "clientCompanyPublic"), "paymentVerification"),
	    "paymentVerified")) ? "PAY_VERIFIED" : "PAY_UNVERIFIED");
	it = json_object_get(json_object_get(job, "contractorSelection"),
	    "proposalRequirement");
	if (json_is_true(json_object_get(it, "coverLetterRequired")))
		tpl_show(b, "COVER_LETTER");
	qs = json_object_get(it, "screeningQuestions");
	nq = page_questions(qs, sorted, sizeof(sorted) / sizeof(sorted[0]));
	if (nq > 0 && (s = tpl_add_section(b, "QUESTIONS")) != NULL)
		for (i = 0; i < nq; i++)
			if ((q = tpl_add_section(s, "QUESTION")) != NULL) {
				/* Upwork's own numbers, as it shows them. */
				tpl_set_int(q, "QUESTION_SEQ", json_integer_value(
				    json_object_get(sorted[i], "sequenceNumber")));
				tpl_set(q, "QUESTION_TEXT",
				    upwork_str(sorted[i], "question"));
			}
	if (format_upwork_job_url(url, sizeof(url), ciphertext) &&
	    (s = tpl_add_section(b, "UPWORK")) != NULL)
		tpl_set(s, "UPWORK_URL", url);
	else
		tpl_show(b, "NO_UPWORK");
	/* The apply form keeps the Upwork key for its own link. */
	buf_printf(&apply, "/jobs/%s/apply", id);
	if (url[0] != '\0') {
		buf_puts(&apply, "?k=");
		buf_urlencode(&apply, ciphertext);
	}
	tpl_set(b, "APPLY_HREF", apply.p);
	buf_free(&apply);
}

int
page_job(struct req *r)
{
	struct upwork_res	 u;
	struct tpl_dict		*d, *b;
	json_t			*vars, *job;
	int			 status;

	memset(&u, 0, sizeof(u));
	vars = json_pack("{s:s}", "id", r->param);
	cache_fetch(r, GQL_JOB, vars, &u);
	json_decref(vars);
	if (u.err == UPWORK_EAUTH) {
		upwork_res_free(&u);
		return page_signed_out_by_upwork(r);
	}
	job = json_object_get(u.data, "marketplaceJobPosting");
	if (u.err == UPWORK_EOTHER && u.message != NULL &&
	    strstr(u.message, "not found") != NULL)
		job = NULL;
	else if (u.err != UPWORK_OK) {
		status = page_upwork_error(r, &u);
		upwork_res_free(&u);
		return status;
	}
	if (!json_is_object(job)) {
		upwork_res_free(&u);
		return page_error(r, 404, "No such job",
		    "Upwork has no job posting with this number, or it is no "
		    "longer open.", NULL, NULL);
	}
	if ((d = page_begin(r, upwork_str(job, "content.title") ?
	    upwork_str(job, "content.title") : "Job", TPL_JOB, &b,
	    PAGE_UPWORK_CONTENT)) == NULL) {
		upwork_res_free(&u);
		return 500;
	}
	page_data_age(r, d, &u);
	fill(b, r->param, job, kv_get(&r->query, "k"));
	upwork_res_free(&u);
	return page_end(r, d, 200);
}
