/* page-apply.c: /jobs/ID/apply, sending a proposal (createJobProposal).
 *
 * Sending spends the user's Connects, so it happens at most once per form:
 * the form carries a single-use nonce (form.c), the mutation is never
 * retried (cache_mutate), and an answer that never came is reported as
 * "outcome unknown", never guessed. What the user typed is their own data
 * and is saved as a draft before anything is sent, so no error, timeout,
 * restart or sign-out loses it; it is deleted once Upwork has the proposal.
 *
 * When Upwork's schema has no createJobProposal, or the API key lacks the
 * permission, the page says so and links to the job on Upwork instead of
 * showing a form that cannot work (the refusal is remembered for 24 h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cache.h"
#include "conf.h"
#include "form.h"
#include "format.h"
#include "page.h"
#include "req.h"
#include "session.h"
#include "upwork.h"
#include "user.h"

#define NOTE_DENIED	"apply-denied"
#define FIELD_MAX	20000	/* bytes kept of any one field */
#define QUESTIONS_MAX	32
#define DOUBLE_WAIT_MS	8000	/* a double click waits for the first */

/* What Upwork knows about the form: job, durations, the user's nid. */
struct apply_ctx {
	struct upwork_res	 u;
	json_t			*job;
	json_t			*q[QUESTIONS_MAX];	/* in Upwork's order */
	size_t			 nq;
	const char		*nid;
	int			 hourly;
	int			 cover_required;
};

static const char *
seq_of(json_t *q, char buf[24])
{
	snprintf(buf, 24, "%lld", (long long)json_integer_value(
	    json_object_get(q, "sequenceNumber")));
	return buf;
}

/* Why applying here cannot work, from the note or the schema; NULL when
 * it can (or when Upwork could not tell us: then the form is offered and
 * Upwork's own answer decides). */
static char *
apply_blocked(struct req *r)
{
	struct buf		 note = BUF_INIT;
	struct upwork_res	 u;
	json_t			*fields, *f;
	size_t			 i;
	char			*why = NULL;
	int			 found = 0;

	if (cache_note_get(NOTE_DENIED, time(NULL), &note) == 0) {
		why = strndup(note.p, note.len);
		buf_free(&note);
		return why;
	}
	buf_free(&note);
	memset(&u, 0, sizeof(u));
	if (cache_fetch(r, GQL_MUTATION_FIELDS, NULL, &u) == UPWORK_OK) {
		fields = json_object_get(json_object_get(u.data, "__type"),
		    "fields");
		json_array_foreach(fields, i, f)
			if ((found = upwork_str(f, "name") != NULL && strcmp(
			    upwork_str(f, "name"), "createJobProposal") == 0))
				break;
		if (!found)
			why = strdup("Upwork's API does not offer sending "
			    "proposals (createJobProposal is not in its "
			    "schema).");
	}
	upwork_res_free(&u);
	return why;
}

static void
remember_denied(const struct upwork_res *u)
{
	char	 text[512];

	snprintf(text, sizeof(text), "%s", u->err == UPWORK_EPERMISSION ?
	    "This installation's Upwork API key does not have the "
	    "\"Submit Proposal\" permission." : "Upwork's API does not "
	    "accept proposals from Workdesk (createJobProposal is not in "
	    "its schema).");
	cache_note_put(NOTE_DENIED, text);
}

/* Fetch the form's context. Returns 0, or the status of the error page
 * already written. */
static int
ctx_load(struct req *r, struct apply_ctx *c)
{
	json_t		*vars, *req, *qs;
	const char	*type;
	int		 status;

	memset(c, 0, sizeof(*c));
	vars = json_pack("{s:s}", "id", r->param);
	cache_fetch(r, GQL_APPLY, vars, &c->u);
	json_decref(vars);
	if (c->u.err == UPWORK_EAUTH)
		return page_signed_out_by_upwork(r);
	c->job = json_object_get(c->u.data, "marketplaceJobPosting");
	if (c->u.err == UPWORK_EOTHER && c->u.message != NULL &&
	    strstr(c->u.message, "not found") != NULL)
		c->job = NULL;
	else if (c->u.err != UPWORK_OK)
		return page_upwork_error(r, &c->u);
	if (!json_is_object(c->job))
		return page_error(r, 404, "No such job", "Upwork has no job "
		    "posting with this number, or it is no longer open.",
		    NULL, NULL);
	type = upwork_str(c->job, "contractTerms.contractType");
	c->hourly = type != NULL && strcmp(type, "HOURLY") == 0;
	req = json_object_get(json_object_get(c->job, "contractorSelection"),
	    "proposalRequirement");
	c->cover_required = json_is_true(json_object_get(req,
	    "coverLetterRequired"));
	qs = json_object_get(req, "screeningQuestions");
	c->nq = page_questions(qs, c->q, QUESTIONS_MAX);
	c->nid = upwork_str(c->u.data, "user.nid");
	(void)status;
	return 0;
}

/* v as a JSON string as the user typed it, at most FIELD_MAX bytes
 * (format_text_copy). */
static json_t *
field_string(const char *v)
{
	json_t	*j;
	char	*t;
	size_t	 n;

	if (v == NULL)
		return json_string("");
	if ((t = format_text_copy(v, FIELD_MAX, &n)) == NULL)
		return NULL;
	j = json_stringn(t, n);
	free(t);
	return j;
}

/* The user's input as a draft: {"cover", "amount", "duration",
 * "answers": {"SEQ": text}}, each field cut at FIELD_MAX bytes. Built from
 * the form alone (every q_N field), so it can be saved before Upwork is
 * asked anything. */
static json_t *
draft_from_form(struct req *r)
{
	json_t		*d, *a;
	const char	*k;
	size_t		 i, n;
	static const char *const fields[] = { "cover", "amount", "duration" };

	if ((d = json_object()) == NULL || (a = json_object()) == NULL) {
		json_decref(d);
		return NULL;
	}
	json_object_set_new(d, "answers", a);
	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		json_object_set_new(d, fields[i], field_string(kv_get(&r->form,
		    fields[i])));
	for (i = 0, n = 0; i < r->form.n && n < QUESTIONS_MAX; i++) {
		k = r->form.v[i].key;
		if (strncmp(k, "q_", 2) != 0 || strlen(k + 2) < 1 ||
		    strlen(k + 2) > 3 || strspn(k + 2, "0123456789") !=
		    strlen(k + 2))
			continue;
		json_object_set_new(a, k + 2, field_string(r->form.v[i].val));
		n++;
	}
	return d;
}

/* Show SECTION with {{ERROR_TEXT}} when errs has key. */
static void
field_error(struct tpl_dict *parent, const char *section, json_t *errs,
    const char *key)
{
	struct tpl_dict	*s;
	const char	*v = json_string_value(json_object_get(errs, key));

	if (v != NULL && (s = tpl_add_section(parent, section)) != NULL)
		tpl_set(s, "ERROR_TEXT", v);
}

static const char *
dstr(json_t *d, const char *k)
{
	const char	*v = json_string_value(json_object_get(d, k));

	return v ? v : "";
}

static int
blank(const char *s)
{
	return s[strspn(s, " \t\r\n")] == '\0';
}

/* Checks before anything is sent; errors go to errs by field. 0 none. */
static int
check_form(const struct apply_ctx *c, json_t *d, json_t *errs)
{
	json_t		*durs, *it, *a = json_object_get(d, "answers");
	const char	*dur = dstr(d, "duration"), *v;
	char		 seq[24], key[32];
	size_t		 i;
	int		 known = 0;

	if (c->cover_required && blank(dstr(d, "cover")))
		json_object_set_new(errs, "cover", json_string("The client "
		    "asks for a cover letter."));
	if (!format_amount_ok(dstr(d, "amount")))
		json_object_set_new(errs, "amount", json_string(c->hourly ?
		    "Give your hourly rate in dollars, like 45 or 45.50." :
		    "Give your bid in dollars, like 500 or 499.99."));
	durs = json_object_get(json_object_get(c->u.data, "proposalMetadata"),
	    "engagementDurationValues");
	json_array_foreach(durs, i, it)
		if (upwork_str(it, "id") && strcmp(upwork_str(it, "id"), dur) == 0)
			known = 1;
	if (dur[0] != '\0' && !known)
		json_object_set_new(errs, "duration", json_string("Choose one "
		    "of the durations offered."));
	for (i = 0; i < c->nq; i++) {
		v = json_string_value(json_object_get(a, seq_of(c->q[i], seq)));
		snprintf(key, sizeof(key), "q_%s", seq);
		if (v == NULL || blank(v))
			json_object_set_new(errs, key, json_string("Answer this "
			    "question: the client requires it."));
	}
	return json_object_size(errs) > 0;
}

/* The job page, with its Upwork key when we have one. */
static void
back_href(struct req *r, struct tpl_dict *b, const char *k)
{
	struct buf	 h = BUF_INIT;

	buf_printf(&h, "/jobs/%s", r->param);
	if (k != NULL && k[0] == '~') {
		buf_puts(&h, "?k=");
		buf_urlencode(&h, k);
	}
	tpl_set(b, "BACK_HREF", h.p);
	buf_free(&h);
}

/* The form, with the user's input d (may be NULL), errors by field and
 * an optional notice. */
static int
form_page(struct req *r, struct apply_ctx *c, json_t *d, json_t *errs,
    const char *notice, int status)
{
	struct tpl_dict		*t, *b, *s;
	struct upwork_res	 cu;
	json_t			*durs, *it, *a = json_object_get(d, "answers");
	const char		*k = kv_get(r->method == METHOD_POST ?
				    &r->form : &r->query, "k");
	const char		*v, *id;
	char			 nonce[CRYPTO_TOKEN_LEN + 1], seq[24], key[32];
	char			 url[96], when[PAGE_TIME_LEN];
	size_t			 i;

	if ((t = page_begin(r, "Apply", TPL_APPLY, &b,
	    PAGE_UPWORK_CONTENT)) == NULL)
		return 500;
	page_data_age(r, t, &c->u);
	tpl_show(b, "FORM");
	back_href(r, b, k);
	tpl_set(b, "JOB_ID", r->param);
	tpl_set(b, "TITLE", upwork_str(c->job, "content.title"));
	tpl_set(b, "NID", c->nid);
	tpl_set(b, "CSRF_TOKEN", r->sess->csrf);
	form_nonce(nonce);
	tpl_set(b, "NONCE", nonce);
	if (k != NULL && format_upwork_job_url(url, sizeof(url), k)) {
		tpl_set(b, "K", k);
		if ((s = tpl_add_section(b, "UPWORK")) != NULL)
			tpl_set(s, "UPWORK_URL", url);
	}
	tpl_show(b, c->hourly ? "HOURLY" : "FIXED");
	if (c->cover_required)
		tpl_show(b, "COVER_REQUIRED");
	tpl_set(b, "COVER", dstr(d, "cover"));
	tpl_set(b, "AMOUNT", dstr(d, "amount"));
	durs = json_object_get(json_object_get(c->u.data, "proposalMetadata"),
	    "engagementDurationValues");
	json_array_foreach(durs, i, it) {
		if ((s = tpl_add_section(b, "DURATION")) == NULL)
			break;
		id = upwork_str(it, "id");
		tpl_set(s, "DURATION_ID", id);
		tpl_set(s, "DURATION_LABEL", upwork_str(it, "label"));
		if (id != NULL && strcmp(id, dstr(d, "duration")) == 0)
			tpl_show(s, "DURATION_SELECTED");
	}
	for (i = 0; i < c->nq; i++) {
		if ((s = tpl_add_section(b, "QUESTION")) == NULL)
			break;
		seq_of(c->q[i], seq);
		tpl_set(s, "Q_SEQ", seq);
		tpl_set(s, "Q_TEXT", upwork_str(c->q[i], "question"));
		v = json_string_value(json_object_get(a, seq));
		tpl_set(s, "Q_ANSWER", v);
		snprintf(key, sizeof(key), "q_%s", seq);
		field_error(s, "Q_ERROR", errs, key);
	}
	field_error(b, "COVER_ERROR", errs, "cover");
	field_error(b, "AMOUNT_ERROR", errs, "amount");
	field_error(b, "DURATION_ERROR", errs, "duration");
	field_error(b, "TOP_ERROR", errs, "top");
	if (notice != NULL && (s = tpl_add_section(b, "NOTICE")) != NULL)
		tpl_set(s, "NOTICE_TEXT", notice);
	if (json_integer_value(json_object_get(d, "saved")) > 0 &&
	    (s = tpl_add_section(b, "DRAFT")) != NULL)
		tpl_set(s, "DRAFT_AT", page_time(when,
		    (time_t)json_integer_value(json_object_get(d, "saved"))));
	/* The balance is optional: Upwork reports it only for some keys. */
	memset(&cu, 0, sizeof(cu));
	if (cache_fetch(r, GQL_CONNECTS, NULL, &cu) == UPWORK_OK &&
	    json_is_integer(json_object_get(json_object_get(cu.data,
	    "connectsSummary"), "connectsBalance")) &&
	    (s = tpl_add_section(b, "CONNECTS")) != NULL)
		tpl_set_int(s, "CONNECTS_BALANCE", json_integer_value(
		    json_object_get(json_object_get(cu.data, "connectsSummary"),
		    "connectsBalance")));
	else
		tpl_show(b, "NO_CONNECTS");
	upwork_res_free(&cu);
	return page_end(r, t, status);
}

/* "Apply on Upwork": why the form is not offered, and the draft (if any)
 * shown so it can be copied. */
static int
elsewhere_page(struct req *r, const char *why, json_t *d, int status)
{
	struct tpl_dict	*t, *b, *s;
	const char	*k = kv_get(r->method == METHOD_POST ? &r->form :
			    &r->query, "k");
	char		 url[96];

	if ((t = page_begin(r, "Apply on Upwork", TPL_APPLY, &b,
	    PAGE_UPWORK_CONTENT)) == NULL)
		return 500;
	tpl_show(b, "ELSEWHERE");
	back_href(r, b, k);
	tpl_set(b, "JOB_ID", r->param);
	tpl_set(b, "WHY", why);
	if (k != NULL && format_upwork_job_url(url, sizeof(url), k) &&
	    (s = tpl_add_section(b, "ELSEWHERE_UPWORK")) != NULL)
		tpl_set(s, "UPWORK_URL", url);
	else
		tpl_show(b, "ELSEWHERE_NO_LINK");
	if (d != NULL && !blank(dstr(d, "cover")) &&
	    (s = tpl_add_section(b, "DRAFT_TEXT")) != NULL)
		tpl_set(s, "COVER", dstr(d, "cover"));
	return page_end(r, t, status);
}

int
page_apply(struct req *r)
{
	struct apply_ctx	 c;
	json_t			*d = NULL, *errs;
	char			*why;
	int			 status;

	if (user_draft_get(r->sess->user_id, r->param, &d) == -1)
		return 500;
	if ((why = apply_blocked(r)) != NULL) {
		status = elsewhere_page(r, why, d, 200);
		free(why);
		json_decref(d);
		return status;
	}
	if ((status = ctx_load(r, &c)) != 0) {
		upwork_res_free(&c.u);
		json_decref(d);
		return status;
	}
	errs = json_object();
	status = form_page(r, &c, d, errs, kv_get(&r->query, "saved") ?
	    "Your draft is saved. Nothing was sent to Upwork." : NULL, 200);
	json_decref(errs);
	json_decref(d);
	upwork_res_free(&c.u);
	return status;
}

/* "VJCA-13: Screening question 2 is not answered" -> the field it is
 * about ("q_2", "cover", ...) or "top", and the status to answer with. */
static const char *
error_field(const char *msg, char buf[32], int *status)
{
	const char	*q;
	long		 code = 0;

	*status = 422;
	if (strncmp(msg, "VJCA-", 5) == 0)
		code = strtol(msg + 5, NULL, 10);
	switch (code) {
	case 7: case 8:
		return "cover";
	case 9: case 10: case 11:
		return "amount";
	case 12:
		return "duration";
	case 13: case 14:
		if ((q = strstr(msg, "question ")) != NULL) {
			snprintf(buf, 32, "q_%ld", strtol(q + 9, NULL, 10));
			return buf;
		}
		return "top";
	case 2: case 5: case 17:	/* closed, applied before, Connects */
		*status = 409;
		return "top";
	default:
		return "top";
	}
}

/* The mutation's input from the draft and the context. */
static json_t *
proposal_input(struct req *r, const struct apply_ctx *c, json_t *d)
{
	json_t		*in, *qs, *a = json_object_get(d, "answers");
	const char	*dur = dstr(d, "duration");
	char		 seq[24];
	size_t		 i;

	in = json_pack("{s:s, s:f, s:s, s:s, s:{s:s, s:s}}",
	    "jobReference", r->param,
	    "chargedAmount", strtod(dstr(d, "amount"), NULL),
	    "coverLetter", dstr(d, "cover"),
	    "teamOrgId", r->sess->org_id ? r->sess->org_id : "",
	    "selectedContractor", "id", r->sess->user_id,
	    "oDeskUserID", c->nid ? c->nid : "");
	if (in == NULL)
		return NULL;
	if (dur[0] != '\0')
		json_object_set_new(in, "estimatedDuration", json_string(dur));
	if (c->nq > 0 && (qs = json_array()) != NULL) {
		for (i = 0; i < c->nq; i++)
			json_array_append_new(qs, json_pack("{s:s?, s:s}",
			    "question", upwork_str(c->q[i], "question"),
			    "answer", json_string_value(json_object_get(a,
			    seq_of(c->q[i], seq))) ? json_string_value(
			    json_object_get(a, seq)) : ""));
		json_object_set_new(in, "questions", qs);
	}
	return json_pack("{s:o}", "input", in);
}

/* A second POST of the same form: show what became of the first. */
static int
already_sent(struct req *r, const char *nonce, struct form_claim *prev)
{
	form_wait(r->sess->user_id, nonce, DOUBLE_WAIT_MS, prev);
	/* This request saved the same text as a draft again: once Upwork
	 * has the proposal, that copy goes too, and the user sees it among
	 * their proposals (the claim keeps no id of Upwork's). */
	if (prev->state == FORM_DONE) {
		user_draft_delete(r->sess->user_id, r->param);
		return req_redirect(r, "/proposals?applied=1");
	}
	return page_error(r, 409, "This form was already sent",
	    prev->state == FORM_SENT ? "This proposal form was sent once "
	    "already and Upwork's answer to it is not known yet." :
	    "This proposal form was sent once already; it was not sent "
	    "again.", "Check your proposals before trying again: your draft "
	    "is kept on the apply page.", NULL);
}

int
page_apply_post(struct req *r)
{
	struct apply_ctx	 c;
	struct upwork_res	 u;
	struct form_claim	 prev;
	struct buf		 to = BUF_INIT;
	json_t			*d, *errs = NULL, *vars;
	const char		*nonce = kv_get(&r->form, "nonce");
	const char		*action = kv_get(&r->form, "action");
	const char		*err, *field, *id;
	char			*why, buf[32];
	int			 status, rc;

	memset(&u, 0, sizeof(u));
	memset(&c, 0, sizeof(c));
	/* The draft first, before Upwork is asked anything: whatever happens
	 * next, the text is safe. */
	if ((d = draft_from_form(r)) == NULL)
		goto fail;
	rc = user_draft_put(r->sess->user_id, r->param, d, time(NULL));
	if (rc == -1)
		goto fail;
	if ((status = ctx_load(r, &c)) != 0)
		goto out;
	if (rc == 1) {
		errs = json_pack("{s:s}", "top", "You have " "50 drafts "
		    "already: send or delete some before starting another.");
		status = form_page(r, &c, d, errs, NULL, 409);
		goto out;
	}
	json_object_set_new(d, "saved", json_integer(time(NULL)));
	if (action != NULL && strcmp(action, "save") == 0) {
		buf_printf(&to, "/jobs/%s/apply?saved=1", r->param);
		if (kv_get(&r->form, "k") != NULL) {
			buf_puts(&to, "&k=");
			buf_urlencode(&to, kv_get(&r->form, "k"));
		}
		status = req_redirect(r, to.p);
		goto out;
	}
	if ((why = apply_blocked(r)) != NULL) {
		status = elsewhere_page(r, why, d, 403);
		free(why);
		goto out;
	}
	errs = json_object();
	if (check_form(&c, d, errs)) {
		status = form_page(r, &c, d, errs, "Nothing was sent: please "
		    "correct the marked fields.", 422);
		goto out;
	}
	if (!form_nonce_ok(nonce)) {
		status = page_error(r, 400, "Bad request", "The form had no "
		    "valid one-time token, so nothing was sent.", "Reload the "
		    "apply page: your draft is kept.", NULL);
		goto out;
	}
	rc = form_claim(r->sess->user_id, nonce, &prev);
	if (rc == -1)
		goto fail;
	if (rc == 1) {
		status = already_sent(r, nonce, &prev);
		goto out;
	}

	vars = proposal_input(r, &c, d);
	cache_mutate(r, GQL_CREATE_JOB_PROPOSAL, vars, &u);
	json_decref(vars);
	fprintf(stderr, "%s apply: job %s: %s\n", r->id, r->param,
	    upwork_err_name(u.err));
	if (upwork_err_maybe_done(u.err)) {
		/* It may have reached Upwork: the claim stays "sent", and the
		 * proposals the page points to must be asked anew. */
		cache_drop(r, GQL_PROPOSALS);
		cache_drop(r, GQL_CONNECTS);
		status = page_outcome_unknown(r, &u, "Your proposal was sent "
		    "to Upwork, but no answer came back, so Workdesk cannot "
		    "tell whether Upwork received it.", "Check your proposals "
		    "(/proposals) before trying again, so you do not apply "
		    "twice. Your text is kept as a draft.");
		goto out;
	}
	switch (u.err) {
	case UPWORK_OK:
		break;
	case UPWORK_EAUTH:
		form_settle(r->sess->user_id, nonce, FORM_REFUSED);
		status = page_signed_out_by_upwork(r);
		goto out;
	case UPWORK_EPERMISSION:
	case UPWORK_EVALIDATION:
		form_settle(r->sess->user_id, nonce, FORM_REFUSED);
		remember_denied(&u);
		status = elsewhere_page(r, u.err == UPWORK_EPERMISSION ?
		    "This installation's Upwork API key does not have the "
		    "\"Submit Proposal\" permission. Nothing was sent." :
		    "Upwork's API does not accept proposals from Workdesk "
		    "(createJobProposal is not in its schema). Nothing was "
		    "sent.", d, 403);
		goto out;
	case UPWORK_ERATELIMIT:
	case UPWORK_EUNAVAILABLE:
		form_settle(r->sess->user_id, nonce, FORM_REFUSED);
		json_object_set_new(errs, "top", json_string("Upwork is busy "
		    "or unavailable, so nothing was sent. Try again in a "
		    "minute: your draft is saved."));
		status = form_page(r, &c, d, errs, NULL, 503);
		goto out;
	default:
		form_settle(r->sess->user_id, nonce, FORM_REFUSED);
		json_object_set_new(errs, "top", json_string(u.message ?
		    u.message : "Upwork refused the proposal."));
		status = form_page(r, &c, d, errs, NULL, 502);
		goto out;
	}
	err = upwork_str(u.data, "createJobProposal.error");
	if (upwork_str(u.data, "createJobProposal.newProposalId") == NULL ||
	    (err != NULL && err[0] != '\0')) {
		form_settle(r->sess->user_id, nonce, FORM_REFUSED);
		if (err == NULL)
			err = "Upwork did not accept the proposal and gave no "
			    "reason.";
		field = error_field(err, buf, &status);
		json_object_set_new(errs, field, json_string(err));
		status = form_page(r, &c, d, errs, "Upwork did not accept the "
		    "proposal: nothing was sent. Your draft is saved.", status);
		goto out;
	}
	id = upwork_str(u.data, "createJobProposal.newProposalId");
	form_settle(r->sess->user_id, nonce, FORM_DONE);
	/* Sent: the draft has done its job; lists now differ. */
	user_draft_delete(r->sess->user_id, r->param);
	cache_drop(r, GQL_PROPOSALS);
	cache_drop(r, GQL_CONNECTS);
	/* The id goes into a path: only as the route accepts it. */
	if (format_id_ok(id))
		buf_printf(&to, "/proposals/%s?applied=1", id);
	else
		buf_puts(&to, "/proposals?applied=1");
	status = req_redirect(r, to.p);
	goto out;
fail:
	status = page_error(r, 500, "Your draft could not be saved",
	    "Workdesk could not store what you typed, so nothing was sent "
	    "to Upwork.", "Copy your text somewhere safe and try again "
	    "later.", NULL);
out:
	buf_free(&to);
	json_decref(errs);
	json_decref(d);
	upwork_res_free(&u);
	upwork_res_free(&c.u);
	return status;
}
