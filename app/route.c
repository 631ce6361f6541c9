/* route.c: the route table and the front line (cgit's cmd table, kcgi's
 * fixed order): path -> method -> session -> cross-site checks -> CSRF ->
 * handler. A handler runs only when all of these hold, and never sees a
 * request they refused. Errors without a body get the central error page. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "conf.h"
#include "crypto.h"
#include "page.h"
#include "req.h"
#include "route.h"
#include "session.h"

#define R_AUTH	0x01	/* a signed-in session is required */
#define R_CSRF	0x02	/* the form must carry the session's CSRF token */
#define R_RETURN 0x04	/* a page sign-in may return to (O8 allowlist) */
#define R_ANYPOLICY 0x08 /* open to a user who has not agreed to the
			    current policy: leave, download, delete */

#define GET_HEAD (METHOD_GET | METHOD_HEAD)

struct route {
	const char	*path;
	const char	*name;		/* for the log */
	unsigned	 methods;
	unsigned	 flags;
	int		(*fn)(struct req *);
};

static const struct route routes[] = {
	{ "/",			"home",		GET_HEAD,	R_RETURN,	page_home },
	{ "/home/blocks",	"home-blocks",	METHOD_POST,	R_AUTH | R_CSRF, page_home_blocks },
	{ "/auth/login",	"login",	GET_HEAD,	R_ANYPOLICY,	page_login },
	{ "/auth/callback",	"callback",	METHOD_GET,	R_ANYPOLICY,	page_callback },
	{ "/auth/logout",	"logout",	METHOD_POST,	R_AUTH | R_CSRF | R_ANYPOLICY, page_logout },
	{ "/auth/consent",	"consent",	METHOD_POST,	R_AUTH | R_CSRF | R_ANYPOLICY, page_consent },
	{ "/account",		"account",	GET_HEAD,	R_AUTH | R_RETURN | R_ANYPOLICY, page_account },
	{ "/account/export",	"export",	GET_HEAD,	R_AUTH | R_ANYPOLICY, page_account_export },
	{ "/account/drafts/{id}/delete", "draft-delete", METHOD_POST, R_AUTH | R_CSRF | R_ANYPOLICY, page_draft_delete },
	{ "/account/letters/{id}/delete", "letter-delete", METHOD_POST, R_AUTH | R_CSRF | R_ANYPOLICY, page_letter_delete },
	{ "/account/disconnect", "disconnect-ask", GET_HEAD, R_AUTH | R_ANYPOLICY, page_disconnect_ask },
	{ "/account/disconnect", "disconnect",	METHOD_POST,	R_AUTH | R_CSRF | R_ANYPOLICY, page_disconnect },
	{ "/jobs",		"jobs",		GET_HEAD,	R_AUTH | R_RETURN, page_jobs },
	{ "/jobs/{id}",		"job",		GET_HEAD,	R_AUTH,		page_job },
	{ "/jobs/{id}/apply",	"apply",	GET_HEAD,	R_AUTH,		page_apply },
	{ "/jobs/{id}/apply",	"apply-send",	METHOD_POST,	R_AUTH | R_CSRF, page_apply_post },
	{ "/proposals",		"proposals",	GET_HEAD,	R_AUTH | R_RETURN, page_proposals },
	{ "/proposals/{id}",	"proposal",	GET_HEAD,	R_AUTH,		page_proposal },
	{ "/jobs/saved",	"search-save",	METHOD_POST,	R_AUTH | R_CSRF, page_search_save },
	{ "/jobs/saved/{id}/rename", "search-rename", METHOD_POST, R_AUTH | R_CSRF, page_search_rename },
	{ "/jobs/saved/{id}/delete", "search-delete", METHOD_POST, R_AUTH | R_CSRF, page_search_delete },
	{ "/jobs/saved/{id}/seen", "search-seen", METHOD_POST,	R_AUTH | R_CSRF, page_search_seen },
	{ "/contracts",		"contracts",	GET_HEAD,	R_AUTH | R_RETURN, page_contracts },
	{ "/contracts/{id}",	"contract",	GET_HEAD,	R_AUTH,		page_contract },
	{ "/contracts/{id}/end", "contract-end-ask", GET_HEAD,	R_AUTH,		page_action_ask },
	{ "/contracts/{id}/end", "contract-end",	METHOD_POST,	R_AUTH | R_CSRF, page_action_do },
	{ "/contracts/{id}/pause", "contract-pause-ask", GET_HEAD, R_AUTH,		page_action_ask },
	{ "/contracts/{id}/pause", "contract-pause", METHOD_POST,	R_AUTH | R_CSRF, page_action_do },
	{ "/contracts/{id}/restart", "contract-restart-ask", GET_HEAD, R_AUTH,	page_action_ask },
	{ "/contracts/{id}/restart", "contract-restart", METHOD_POST, R_AUTH | R_CSRF, page_action_do },
	{ "/contracts/{id}/fund", "milestone-fund-ask", GET_HEAD,	R_AUTH,		page_action_ask },
	{ "/contracts/{id}/fund", "milestone-fund", METHOD_POST,	R_AUTH | R_CSRF, page_action_do },
	{ "/contracts/{id}/approve", "milestone-approve-ask", GET_HEAD, R_AUTH,	page_action_ask },
	{ "/contracts/{id}/approve", "milestone-approve", METHOD_POST, R_AUTH | R_CSRF, page_action_do },
	{ "/billing",		"billing",	GET_HEAD,	R_AUTH | R_RETURN, page_billing },
	{ "/billing/export.csv", "billing-csv",	GET_HEAD,	R_AUTH,		page_billing_csv },
	{ "/billing/invoices/{id}", "invoice",	GET_HEAD,	R_AUTH,		page_invoice },
	{ "/messages",		"messages",	GET_HEAD,	R_AUTH | R_RETURN, page_messages },
	{ "/messages/{room}",	"room",		GET_HEAD,	R_AUTH,		page_room },
	{ "/messages/{room}",	"room-send",	METHOD_POST,	R_AUTH | R_CSRF, page_room_send },
	{ "/org",		"org",		GET_HEAD,	R_AUTH | R_RETURN, page_org },
	{ "/org",		"org-switch",	METHOD_POST,	R_AUTH | R_CSRF, page_org_switch },
	{ "/admin",		"admin",	GET_HEAD,	R_AUTH | R_RETURN, page_admin },
	{ "/admin/metrics",	"metrics",	GET_HEAD,	R_AUTH,		page_metrics },
	{ "/healthz",		"healthz",	GET_HEAD,	R_ANYPOLICY,	page_healthz },
	{ "/brand/logo",	"brand-logo",	GET_HEAD,	R_ANYPOLICY,	page_brand_logo },
	{ "/brand.css",		"brand-css",	GET_HEAD,	R_ANYPOLICY,	page_brand_css },
	{ "/privacy",		"privacy",	GET_HEAD,	R_RETURN | R_ANYPOLICY, page_privacy },
	{ "/terms",		"terms",	GET_HEAD,	R_RETURN | R_ANYPOLICY, page_terms },
};
#define NROUTES (sizeof(routes) / sizeof(routes[0]))

static void
allow_header(struct req *r, unsigned methods)
{
	char	 allow[32] = "";

	if (methods & METHOD_GET)
		strcat(allow, "GET, HEAD");
	if (methods & METHOD_POST)
		strcat(allow, allow[0] ? ", POST" : "POST");
	req_header(r, "Allow", allow);
}

/* C3: a state-changing request must come from our own pages. Fetch
 * Metadata when the browser sends it; otherwise Origin, then Referer. */
static int
same_origin(const struct req *r)
{
	const char	*o = r->conf->public_origin;
	size_t		 n = strlen(o);

	if (r->sec_fetch_site != NULL)
		return strcmp(r->sec_fetch_site, "same-origin") == 0;
	if (r->origin != NULL)
		return strcmp(r->origin, o) == 0;
	if (r->referer != NULL)
		return strncmp(r->referer, o, n) == 0 && r->referer[n] == '/';
	return 0;
}

/* Does path match pattern? A "{id}" segment of the pattern matches 1 to
 * 20 digits (Upwork's ids are numeric strings), a "{room}" segment
 * "room_" and 1 to 64 lowercase hex digits (Upwork's room ids); either is
 * copied to param. */
static int
path_match(const char *pattern, const char *path, char param[72])
{
	const char	*brace = strchr(pattern, '{'), *rest;
	size_t		 pre, n;

	if (brace == NULL)
		return strcmp(pattern, path) == 0;
	pre = (size_t)(brace - pattern);
	if (strncmp(pattern, path, pre) != 0)
		return 0;
	path += pre;
	if (strncmp(brace, "{id}", 4) == 0) {
		n = strspn(path, "0123456789");
		if (n == 0 || n > 20)
			return 0;
		rest = brace + 4;
	} else if (strncmp(brace, "{room}", 6) == 0) {
		if (strncmp(path, "room_", 5) != 0)
			return 0;
		n = strspn(path + 5, "0123456789abcdef");
		if (n == 0 || n > 64)
			return 0;
		n += 5;
		rest = brace + 6;
	} else
		return 0;
	if (strcmp(path + n, rest) != 0)
		return 0;
	memcpy(param, path, n);
	param[n] = '\0';
	return 1;
}

int
route_return_ok(const char *path)
{
	size_t	 i;

	for (i = 0; i < NROUTES; i++)
		if ((routes[i].flags & R_RETURN) &&
		    strcmp(path, routes[i].path) == 0)
			return 1;
	return 0;
}

void
route_handle(struct req *r)
{
	const struct route	*rt = NULL;
	const char		*sid, *token;
	size_t			 i;
	unsigned		 methods = 0;
	int			 rc;

	/* A path may have one entry per method (a page and its form). */
	for (i = 0; i < NROUTES; i++)
		if (path_match(routes[i].path, r->path, r->param)) {
			methods |= routes[i].methods;
			if (r->method & routes[i].methods) {
				rt = &routes[i];
				break;
			}
		}
	if (rt == NULL && methods == 0) {
		r->route = "-";
		r->status = 404;
		goto error_page;
	}
	if (rt == NULL) {
		r->route = "-";
		allow_header(r, methods);
		r->status = 405;
		goto error_page;
	}
	r->route = rt->name;

	/* S2: an id we never issued (or one that expired) is ignored and its
	 * cookie cleared; the next sign-in issues a fresh one. */
	if ((sid = kv_get(&r->cookies, SESSION_COOKIE)) != NULL) {
		rc = session_load(r->conf, sid, time(NULL), &r->sess);
		if (rc == -1) {
			r->status = 500;
			goto error_page;
		}
		if (rc == 1)
			req_cookie(r, SESSION_COOKIE, "", 0);
	}

	if (r->method == METHOD_POST && !same_origin(r)) {
		r->status = page_error(r, 403, "Request refused",
		    "This form was not sent from a Workdesk page, so it was "
		    "not carried out.", "Go back to Workdesk, reload the page "
		    "and try again.", NULL);
		return;
	}
	if ((rt->flags & R_AUTH) && r->sess == NULL) {
		if (r->method == METHOD_POST) {
			r->status = page_error(r, 403, "You are signed out",
			    "Your session has ended, so nothing was changed.",
			    "Sign in again to continue.", NULL);
			return;
		}
		/* Sign in, then come back here if this page allows it. */
		if (rt->flags & R_RETURN) {
			struct buf next = BUF_INIT;
			buf_puts(&next, "/auth/login?next=");
			if (buf_urlencode(&next, rt->path) == 0)
				r->status = req_redirect(r, next.p);
			else
				r->status = 500;
			buf_free(&next);
		} else
			r->status = req_redirect(r, "/");
		return;
	}
	if (rt->flags & R_CSRF) {
		token = kv_get(&r->form, "csrf");
		if (token == NULL || r->sess == NULL ||
		    !crypto_streq(token, r->sess->csrf)) {
			fprintf(stderr, "%s csrf: token missing or wrong on %s\n",
			    r->id, rt->name);
			r->status = page_error(r, 403, "Request refused",
			    "This form had expired or did not come from your "
			    "session, so it was not carried out.",
			    "Reload the page and try again.", NULL);
			return;
		}
	}

	/* Consent is to one version of the policy: after it changes, a
	 * signed-in user sees Upwork data again only once they agree to the
	 * new one. Leaving and deleting stay open (R_ANYPOLICY). */
	if (r->sess != NULL && !(rt->flags & R_ANYPOLICY)) {
		rc = page_policy_current(r);
		if (rc == -1) {
			r->status = 500;
			goto error_page;
		}
		if (rc == 0) {
			if (r->method == METHOD_POST)
				r->status = page_error(r, 403,
				    "Privacy policy changed", "The privacy "
				    "policy changed since you agreed to it, so "
				    "nothing was changed.", "Reload the page, "
				    "read the new version and agree to it.",
				    NULL);
			else
				r->status = page_reconsent(r);
			return;
		}
	}

	r->status = rt->fn(r);
	if (r->status < 400 || r->body.len > 0)
		return;
error_page:
	buf_reset(&r->body);
	page_status(r, r->status);
}
