/* page.c: the layout around every screen, and every error page. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cache.h"
#include "conf.h"
#include "page.h"
#include "req.h"
#include "session.h"
#include "upwork.h"

/* Navigation lists only screens that exist. */
static const struct {
	const char	*href;
	const char	*label;
} nav[] = {
	{ "/", "Home" },
	{ "/jobs", "Jobs" },
	{ "/proposals", "Proposals" },
	{ "/contracts", "Contracts" },
	{ "/messages", "Messages" },
	{ "/billing", "Billing" },
	{ "/account", "Account" },
};

struct tpl_dict *
page_begin(struct req *r, const char *title, enum tpl_name body,
    struct tpl_dict **bodyd, unsigned flags)
{
	struct tpl_dict	*d, *s;
	size_t		 i;

	if ((d = tpl_dict_new()) == NULL)
		return NULL;
	tpl_set(d, "TITLE", title);
	page_brand_fill(r, d);
	if (r->conf->sandbox)
		tpl_show(d, "SANDBOX");
	/* Rule 4: the signed-in header shows the user's and organization's
	 * names as Upwork gave them, so every signed-in page says where
	 * its Upwork content comes from. */
	if ((flags & PAGE_UPWORK_CONTENT) || r->sess != NULL)
		tpl_show(d, "UPWORK_CONTENT");
	if (r->sess != NULL) {
		if ((s = tpl_add_section(d, "SIGNED_IN")) == NULL)
			goto bad;
		tpl_set(s, "USER_NAME", r->sess->user_name);
		tpl_set(s, "ORG_NAME", r->sess->org_name);
		tpl_set(s, "CSRF_TOKEN", r->sess->csrf);
		for (i = 0; i < sizeof(nav) / sizeof(nav[0]); i++) {
			struct tpl_dict *n = tpl_add_section(s, "NAV");
			if (n == NULL)
				goto bad;
			tpl_set(n, "NAV_HREF", nav[i].href);
			tpl_set(n, "NAV_LABEL", nav[i].label);
			/* "/jobs" is current on /jobs/ID too; "/" only on "/". */
			size_t hl = strlen(nav[i].href);
			if (strcmp(nav[i].href, r->path) == 0 || (hl > 1 &&
			    strncmp(nav[i].href, r->path, hl) == 0 &&
			    r->path[hl] == '/'))
				tpl_show(n, "NAV_CURRENT");
		}
	} else
		tpl_show(d, "SIGNED_OUT");
	if ((*bodyd = tpl_include(d, "BODY", body)) == NULL)
		goto bad;
	return d;
bad:
	tpl_dict_free(d);
	return NULL;
}

const char *
page_time(char out[PAGE_TIME_LEN], time_t t)
{
	struct tm	 tm;

	gmtime_r(&t, &tm);
	strftime(out, PAGE_TIME_LEN, "%Y-%m-%d %H:%M UTC", &tm);
	return out;
}

void
page_data_age(struct req *r, struct tpl_dict *layout,
    const struct upwork_res *u)
{
	struct tpl_dict	*s;
	char		 when[PAGE_TIME_LEN];

	(void)r;
	if (u->stale && (s = tpl_add_section(layout, "STALE")) != NULL)
		tpl_set(s, "STALE_AT", page_time(when, u->fetched_at));
}

int
page_end(struct req *r, struct tpl_dict *layout, int status)
{
	int	 rc;

	buf_reset(&r->body);
	rc = tpl_expand(TPL_LAYOUT, layout, &r->body);
	tpl_dict_free(layout);
	if (rc == -1) {
		fprintf(stderr, "%s template expansion failed\n", r->id);
		buf_reset(&r->body);
		return 500;
	}
	return status;
}

void
page_options(struct tpl_dict *b, const char *section,
    const struct page_option *o, size_t n, const char *current)
{
	struct tpl_dict	*s;
	size_t		 i;

	for (i = 0; i < n; i++) {
		if ((s = tpl_add_section(b, section)) == NULL)
			return;
		tpl_set(s, "OPT_VALUE", o[i].value);
		tpl_set(s, "OPT_LABEL", o[i].label);
		if (current != NULL && strcmp(o[i].value, current) == 0)
			tpl_show(s, "OPT_SELECTED");
	}
}

int
page_fetch(struct req *r, enum gql_doc doc, json_t *vars,
    struct upwork_res *u)
{
	int	 status;

	memset(u, 0, sizeof(*u));
	cache_fetch(r, doc, vars, u);
	if (u->err == UPWORK_OK)
		return 0;
	status = u->err == UPWORK_EAUTH ? page_signed_out_by_upwork(r) :
	    page_upwork_error(r, u);
	upwork_res_free(u);
	return status;
}

int
page_outcome_unknown(struct req *r, const struct upwork_res *u,
    const char *message, const char *hint)
{
	fprintf(stderr, "%s %s: outcome unknown (%s)\n", r->id,
	    r->route ? r->route : "-", upwork_err_name(u->err));
	return page_error(r, 504, "The outcome is unknown", message, hint,
	    NULL);
}

int
page_signed_out_by_upwork(struct req *r)
{
	session_destroy(r->sess);
	session_free(r->sess);
	r->sess = NULL;
	req_cookie(r, SESSION_COOKIE, "", 0);
	return req_redirect(r, "/?signin=expired");
}

/* The last resort when even the error template fails. */
static int
plain_error(struct req *r, int status)
{
	const char	*text = req_status_text(status);

	buf_reset(&r->body);
	r->content_type = "text/plain; charset=utf-8";
	buf_printf(&r->body, "%d %s\n", status, text ? text : "Error");
	return status;
}

int
page_error(struct req *r, int status, const char *heading,
    const char *message, const char *hint, const char *detail)
{
	struct tpl_dict	*d, *b, *s;

	if ((d = page_begin(r, heading, TPL_ERROR, &b, 0)) == NULL)
		return plain_error(r, status);
	tpl_set_int(b, "STATUS", status);
	tpl_set(b, "HEADING", heading);
	tpl_set(b, "MESSAGE", message);
	if (hint != NULL && (s = tpl_add_section(b, "HINT")) != NULL)
		tpl_set(s, "HINT_TEXT", hint);
	if (detail != NULL && (s = tpl_add_section(b, "DETAIL")) != NULL)
		tpl_set(s, "DETAIL_TEXT", detail);
	tpl_set(b, "BACK_HREF", "/");
	tpl_set(b, "BACK_LABEL", r->sess ? "Back to your dashboard" :
	    "Back to the start page");
	if (page_end(r, d, status) == 500 && r->body.len == 0)
		return plain_error(r, status);
	return status;
}

int
page_upwork_error(struct req *r, const struct upwork_res *u)
{
	struct buf	 detail = BUF_INIT;
	enum upwork_err	 e = u->err;
	int		 status;

	/* A successful answer without the data the page shows (found by
	 * fuzz-render: such pages went out as "Error 200"): to the user it
	 * is Upwork's data not fitting our document. */
	if (e == UPWORK_OK) {
		e = UPWORK_EVALIDATION;
		buf_puts(&detail, "Upwork's answer lacks the data this page "
		    "shows.");
	}
	status = upwork_err_status(e);
	if (e == UPWORK_EPERMISSION && u->fields != NULL)
		buf_printf(&detail, "Missing permission for: %s", u->fields);
	else if (u->message != NULL && u->http_status != 0)
		buf_printf(&detail, "Upwork said: %s", u->message);
	else if (u->message != NULL)	/* no answer: our own words */
		buf_printf(&detail, "%s", u->message);
	if (u->retry_after[0] != '\0')
		buf_printf(&detail, "%sRetry-After: %s",
		    detail.len ? "\n" : "", u->retry_after);
	fprintf(stderr, "%s upwork: %s (HTTP %ld)\n", r->id,
	    upwork_err_name(e), u->http_status);
	page_error(r, status, upwork_err_heading(e),
	    "Workdesk could not load this page from Upwork.",
	    upwork_err_hint(e), detail.len ? detail.p : NULL);
	buf_free(&detail);
	return status;
}

int
page_status(struct req *r, int status)
{
	switch (status) {
	case 400:
		return page_error(r, 400, "Bad request",
		    "Workdesk could not read this request.",
		    "Check the address, or go back and try again.", NULL);
	case 404:
		return page_error(r, 404, "Page not found",
		    "There is no page at this address.", NULL, NULL);
	case 405:
		return page_error(r, 405, "Not allowed",
		    "This page cannot be used that way.", NULL, NULL);
	case 413:
		return page_error(r, 413, "Too large",
		    "The request was larger than Workdesk accepts (64 KiB).",
		    "If you were sending a form, go back: your browser still "
		    "has what you typed. Shorten it and send it again.", NULL);
	case 415:
		return page_error(r, 415, "Unsupported form",
		    "Workdesk only accepts ordinary web forms.", NULL, NULL);
	default:
		return page_error(r, status, "Something went wrong",
		    "Workdesk could not complete this request. Nothing was "
		    "changed.", "Try again in a moment. If it keeps "
		    "happening, the operator can find the request id in the "
		    "log.", r->id);
	}
}
