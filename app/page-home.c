/* page-home.c: "/": the sign-in page when signed out, the dashboard home
 * when signed in. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cache.h"
#include "conf.h"
#include "oauth.h"
#include "page.h"
#include "req.h"
#include "session.h"
#include "upwork.h"

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
	upwork_res_free(&u);
	return page_end(r, d, 200);
}
