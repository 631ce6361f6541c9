/* page-org.c: /org, the organization switcher. Every call to Upwork works
 * in the session's organization (X-Upwork-API-TenantId, upwork-api.md
 * §1.6) and every cache entry is filed under it; switching changes the
 * session's organization, and so what every page shows. Only an
 * organization Upwork lists for the user (companySelector) is accepted. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cache.h"
#include "format.h"
#include "page.h"
#include "req.h"
#include "session.h"
#include "upwork.h"

/* Upwork's list of the user's organizations: 0, or the status of the error
 * page already written. */
static int
orgs_load(struct req *r, struct upwork_res *u, json_t **items)
{
	memset(u, 0, sizeof(*u));
	cache_fetch(r, GQL_ORGS, NULL, u);
	if (u->err == UPWORK_EAUTH)
		return page_signed_out_by_upwork(r);
	if (u->err != UPWORK_OK)
		return page_upwork_error(r, u);
	*items = json_object_get(json_object_get(u->data, "companySelector"),
	    "items");
	return 0;
}

static int
org_page(struct req *r, json_t *items, const char *switched, int status)
{
	struct tpl_dict	*d, *b, *s, *f;
	json_t		*it;
	const char	*id;
	size_t		 i;

	if ((d = page_begin(r, "Organization", TPL_ORG, &b,
	    PAGE_UPWORK_CONTENT)) == NULL)
		return 500;
	if (switched != NULL && (s = tpl_add_section(b, "SWITCHED")) != NULL)
		tpl_set(s, "SWITCHED_NAME", switched);
	json_array_foreach(items, i, it) {
		id = upwork_str(it, "organizationId");
		if (id == NULL || (s = tpl_add_section(b, "ORG")) == NULL)
			continue;
		tpl_set(s, "ORG_ID", id);
		tpl_set(s, "ORG_TITLE", upwork_str(it, "title"));
		tpl_set(s, "ORG_TYPE_TITLE", upwork_str(it, "typeTitle"));
		if (strcmp(id, r->sess->org_id) == 0)
			tpl_show(s, "ORG_CURRENT");
		else if ((f = tpl_add_section(s, "ORG_SWITCH")) != NULL)
			tpl_set(f, "CSRF_TOKEN", r->sess->csrf);
	}
	return page_end(r, d, status);
}

int
page_org(struct req *r)
{
	struct upwork_res	 u;
	json_t			*items = NULL;
	int			 status;

	if ((status = orgs_load(r, &u, &items)) == 0)
		status = org_page(r, items, kv_get(&r->query, "switched") ?
		    r->sess->org_name : NULL, 200);
	upwork_res_free(&u);
	return status;
}

int
page_org_switch(struct req *r)
{
	struct upwork_res	 u;
	json_t			*items = NULL, *it;
	const char		*want = kv_get(&r->form, "org"), *id;
	size_t			 i;
	int			 status;

	if (!format_id_ok(want))
		return page_error(r, 400, "Bad request", "The form named no "
		    "organization.", "Choose one on the organizations page.",
		    NULL);
	if ((status = orgs_load(r, &u, &items)) != 0)
		goto out;
	status = 0;
	json_array_foreach(items, i, it) {
		id = upwork_str(it, "organizationId");
		if (id == NULL || strcmp(id, want) != 0)
			continue;
		if (session_set_org(r->sess, id, upwork_str(it, "title")) == -1)
			status = 500;
		else
			status = req_redirect(r, "/org?switched=1");
		break;
	}
	if (status == 0)
		status = page_error(r, 403, "Not your organization", "Upwork "
		    "does not list this organization among yours, so Workdesk "
		    "did not switch to it.", "Choose one on the organizations "
		    "page.", NULL);
out:
	upwork_res_free(&u);
	return status;
}
