/* page-auth.c: sign in with Upwork (/auth/login, /auth/callback) and sign
 * out (/auth/logout). */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "conf.h"
#include "oauth.h"
#include "page.h"
#include "req.h"
#include "session.h"
#include "route.h"
#include "upwork.h"
#include "user.h"

/* The consent page: what connecting means, with a link that carries the
 * agreement (and where to go afterwards) back to /auth/login. */
static int
consent_page(struct req *r, const char *next)
{
	struct tpl_dict	*d, *b;
	struct buf	 href = BUF_INIT;
	int		 rc;

	if ((d = page_begin(r, "Connect Upwork", TPL_CONSENT, &b, 0)) == NULL)
		return 500;
	buf_puts(&href, "/auth/login?agree=" POLICY_VERSION);
	if (strcmp(next, "/") != 0) {
		buf_puts(&href, "&next=");
		buf_urlencode(&href, next);
	}
	tpl_show(b, "FIRST");
	tpl_set(b, "AGREE_HREF", href.p);
	tpl_set(b, "POLICY_VERSION", POLICY_VERSION);
	rc = page_end(r, d, 200);
	buf_free(&href);
	return rc;
}

int
page_policy_current(struct req *r)
{
	struct user_consent	 c;
	int			 rc;

	/* Known for this session already: no read of the user record (it
	 * holds drafts and searches, and every page asks). */
	if (strcmp(r->sess->consent, POLICY_VERSION) == 0)
		return 1;
	rc = user_consent_get(r->sess->user_id, &c);
	if (rc == -1)
		return -1;
	if (rc != 0 || strcmp(c.version, POLICY_VERSION) != 0)
		return 0;
	/* Remembering it is an optimisation: a failed write costs a read
	 * next time, nothing else. */
	session_set_consent(r->sess, POLICY_VERSION);
	return 1;
}

int
page_reconsent(struct req *r)
{
	struct tpl_dict		*d, *b;
	struct user_consent	 c;
	const char		*next;

	/* Only a page sign-in may return to; the others go home. */
	next = route_return_ok(r->path) ? r->path : "/";
	if (user_consent_get(r->sess->user_id, &c) != 0)
		snprintf(c.version, sizeof(c.version), "(none)");
	if ((d = page_begin(r, "Privacy policy changed", TPL_CONSENT, &b,
	    0)) == NULL)
		return 500;
	tpl_show(b, "AGAIN");
	tpl_set(b, "OLD_VERSION", c.version);
	tpl_set(b, "POLICY_VERSION", POLICY_VERSION);
	tpl_set(b, "CSRF_TOKEN", r->sess->csrf);
	tpl_set(b, "NEXT", next);
	return page_end(r, d, 200);
}

int
page_consent(struct req *r)
{
	const char	*agree = kv_get(&r->form, "agree");
	const char	*next = kv_get(&r->form, "next");

	/* The form names the version it showed: agreeing to an older page
	 * (a tab left open across an upgrade) is not agreeing to this one. */
	if (agree == NULL || strcmp(agree, POLICY_VERSION) != 0)
		return page_error(r, 409, "The policy changed again",
		    "The page you agreed to is not the current version, so "
		    "nothing was recorded.", "Read the new version and agree "
		    "again.", NULL);
	if (next == NULL || !route_return_ok(next))
		next = "/";
	if (user_consent_save(r->sess->user_id, POLICY_VERSION,
	    time(NULL)) == -1)
		return 500;
	session_set_consent(r->sess, POLICY_VERSION);
	req_cookie(r, CONSENT_COOKIE, POLICY_VERSION,
	    CONSENT_COOKIE_MAX_AGE_S);
	return req_redirect(r, next);
}

int
page_login(struct req *r)
{
	struct oauth_login	 login;
	const char		*next = kv_get(&r->query, "next");
	const char		*agree = kv_get(&r->query, "agree");
	const char		*cookie = kv_get(&r->cookies, CONSENT_COOKIE);

	/* O8: "return to" only from the allowlist, else home. */
	if (next == NULL || !route_return_ok(next))
		next = "/";
	if (r->sess != NULL)
		return req_redirect(r, next);
	/* Agreement to the current policy: just given on the consent page,
	 * or given before in this browser. Otherwise ask first. */
	if (!(agree && strcmp(agree, POLICY_VERSION) == 0) &&
	    !(cookie && strcmp(cookie, POLICY_VERSION) == 0))
		return consent_page(r, next);
	memset(&login, 0, sizeof(login));
	snprintf(login.consent, sizeof(login.consent), "%s", POLICY_VERSION);
	snprintf(login.next, sizeof(login.next), "%s", next);
	/* A plain GET redirect to Upwork's own page in the top window:
	 * never framed, never restyled (DESIGN.md rule 4). */
	return oauth_begin(r, &login);
}

int
page_callback(struct req *r)
{
	struct oauth_tokens	 tok;
	struct oauth_login	 login;
	struct upwork_res	 u;
	struct session		*s;
	const char		*uid, *uname, *oid, *oname;
	char			 sid[CRYPTO_TOKEN_LEN + 1];
	int			 status;

	memset(&u, 0, sizeof(u));
	switch (oauth_callback(r, &tok, &login)) {
	case OAUTH_OK:
		break;
	case OAUTH_DENIED:
		return req_redirect(r, "/?signin=denied");
	case OAUTH_AS_ERROR:
		return req_redirect(r, "/?signin=error");
	case OAUTH_BAD_STATE:
		/* O2: no token request was made. */
		return page_error(r, 400, "This sign-in cannot be completed",
		    "The sign-in link was already used, has expired, or was "
		    "not started from this browser.",
		    "Start again from the sign-in page.", NULL);
	case OAUTH_EXCHANGE:
		return page_error(r, 502, "Upwork did not complete the sign-in",
		    "Upwork did not hand over access for this sign-in.",
		    "Try signing in again. If it keeps failing, the operator "
		    "should check the API key settings (client id, secret and "
		    "callback URL).", NULL);
	}

	/* Who signed in: the tokens are stored under the Upwork user id. */
	if (upwork_call(r->conf, GQL_SIGNIN, NULL, tok.access, NULL,
	    r->deadline_ms, &u) != UPWORK_OK) {
		r->upstream_calls += u.attempts;
		status = page_upwork_error(r, &u);
		goto out;
	}
	r->upstream_calls += u.attempts;
	uid = upwork_str(u.data, "user.id");
	uname = upwork_str(u.data, "user.name");
	oid = upwork_str(u.data, "organization.id");
	oname = upwork_str(u.data, "organization.name");
	if (uid == NULL || *uid == '\0' || strlen(uid) > 128) {
		status = page_error(r, 502, "Upwork sent an unexpected answer",
		    "Upwork did not say which user signed in.",
		    "Try again later.", NULL);
		goto out;
	}
	if (oauth_tokens_save(uid, &tok) == -1 ||
	    user_consent_save(uid, login.consent, time(NULL)) == -1 ||
	    user_signed_in(uid, time(NULL)) == -1) {
		status = page_error(r, 500, "Sign-in could not be saved",
		    "Workdesk could not store your Upwork access.",
		    "The operator should check the data directory.", NULL);
		goto out;
	}
	/* S3, O15: a new session id at sign-in; any old one is destroyed. */
	if (r->sess != NULL) {
		session_destroy(r->sess);
		session_free(r->sess);
		r->sess = NULL;
	}
	if (session_create(uid, uname ? uname : "", oid, oname ? oname : "",
	    sid, &s) == -1) {
		status = page_error(r, 500, "Sign-in could not be saved",
		    "Workdesk could not create your session.",
		    "The operator should check the data directory.", NULL);
		goto out;
	}
	session_free(s);
	req_cookie(r, SESSION_COOKIE, sid, -1);
	req_cookie(r, CONSENT_COOKIE, login.consent, CONSENT_COOKIE_MAX_AGE_S);
	/* O5: leave the callback URL (code, state) out of the history. The
	 * next path was checked against the allowlist when it was stored. */
	status = req_redirect(r, route_return_ok(login.next) ? login.next : "/");
out:
	upwork_res_free(&u);
	oauth_tokens_free(&tok);
	return status;
}

int
page_logout(struct req *r)
{
	/* S5: the record goes first; the cookie and browser state follow. */
	if (session_destroy(r->sess) == -1)
		return 500;
	req_cookie(r, SESSION_COOKIE, "", 0);
	req_header(r, "Clear-Site-Data", "\"cache\", \"cookies\", \"storage\"");
	return req_redirect(r, "/?signin=out");
}
