/* upwork.c: GraphQL over http.c, and Upwork's error shapes.
 *
 * Upwork answers most failures with HTTP 200 and an errors[] array whose
 * extensions.classification and message tell them apart (upwork-api.md
 * §2.13). One blocked field fails the whole query, so any errors[] entry
 * fails the call: we never render half a page as if it were whole. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "conf.h"
#include "http.h"
#include "upwork.h"

#define JSON_DEPTH_MAX	64	/* security bar I8 */

static const struct {
	const char	*name;
	int		 status;
	const char	*heading;
	const char	*hint;
} errs[UPWORK__MAX] = {
	[UPWORK_OK] = { "ok", 200, "", "" },
	[UPWORK_ENETWORK] = { "network", 503, "Upwork cannot be reached",
	    "Workdesk could not get an answer from Upwork. Try again in a "
	    "minute; if it persists, the operator should check this server's "
	    "network connection to Upwork." },
	[UPWORK_EAUTH] = { "auth", 401, "Upwork no longer accepts this sign-in",
	    "Sign in with Upwork again to renew Workdesk's access." },
	[UPWORK_ERATELIMIT] = { "rate-limited", 503,
	    "Upwork asked us to slow down",
	    "Wait a while and try again: this installation has used up one "
	    "of its call limits for now (the details say which). The "
	    "operator can see the limits on the status page." },
	[UPWORK_ESERVER] = { "server", 502, "Upwork had a problem",
	    "Upwork answered with an internal error. This is usually "
	    "temporary: try again in a few minutes." },
	[UPWORK_ENOTJSON] = { "not-json", 502,
	    "Upwork sent an unexpected page",
	    "Upwork answered with a web page instead of data (often a "
	    "security check). Try again later; the operator should check "
	    "that this server is not being blocked by Upwork." },
	[UPWORK_EVALIDATION] = { "validation", 502,
	    "Workdesk and Upwork disagree about the data format",
	    "Upwork rejected Workdesk's request as invalid: Upwork's API has "
	    "probably changed. The operator should update Workdesk and report "
	    "the details below." },
	[UPWORK_EPERMISSION] = { "permission", 403,
	    "This Upwork API key lacks a permission",
	    "The operator must enable the permissions listed below on the "
	    "API key at upwork.com/developer/keys, then everyone signs in "
	    "again." },
	[UPWORK_EDENIED] = { "denied", 403, "Upwork denied access",
	    "Your Upwork account has no access to this in the selected "
	    "organization. Switch organization or ask its owner for access." },
	[UPWORK_EUNAVAILABLE] = { "unavailable", 503,
	    "Upwork is unavailable",
	    "Upwork failed several times in a row, so Workdesk pauses its "
	    "calls for 30 seconds to let it recover. Try again shortly." },
	[UPWORK_EOTHER] = { "other", 502, "Upwork reported an error",
	    "Upwork could not complete the request. The details below say "
	    "what it reported." },
};

const char *
upwork_err_name(enum upwork_err e)
{
	return errs[e].name;
}

int
upwork_err_maybe_done(enum upwork_err e)
{
	return e == UPWORK_ENETWORK || e == UPWORK_ESERVER ||
	    e == UPWORK_ENOTJSON;
}

int
upwork_err_status(enum upwork_err e)
{
	return errs[e].status;
}

const char *
upwork_err_heading(enum upwork_err e)
{
	return errs[e].heading;
}

const char *
upwork_err_hint(enum upwork_err e)
{
	return errs[e].hint;
}

const char *
upwork_str(json_t *obj, const char *path)
{
	char		 part[64];
	const char	*dot;
	size_t		 n;

	while (obj != NULL && json_is_object(obj)) {
		dot = strchr(path, '.');
		n = dot ? (size_t)(dot - path) : strlen(path);
		if (n >= sizeof(part))
			return NULL;
		memcpy(part, path, n);
		part[n] = '\0';
		obj = json_object_get(obj, part);
		if (dot == NULL)
			return json_is_string(obj) ? json_string_value(obj) : NULL;
		path = dot + 1;
	}
	return NULL;
}

/* Nesting depth of a JSON text, counted outside strings; jansson's own
 * limit is a compile-time 2048, far more than Upwork needs. */
static int
depth_ok(const char *s, size_t len)
{
	size_t	 i, depth = 0;
	int	 in_str = 0;

	for (i = 0; i < len; i++) {
		char c = s[i];
		if (in_str) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_str = 0;
		} else if (c == '"')
			in_str = 1;
		else if (c == '{' || c == '[') {
			if (++depth > JSON_DEPTH_MAX)
				return 0;
		} else if ((c == '}' || c == ']') && depth > 0)
			depth--;
	}
	return 1;
}

/* "…to access: [Money.currency, Money.rawValue]." -> "Money.currency, Money.rawValue" */
static char *
blocked_fields(const char *msg)
{
	const char	*a, *b;

	if ((a = strchr(msg, '[')) == NULL || (b = strchr(a, ']')) == NULL)
		return NULL;
	return strndup(a + 1, (size_t)(b - a - 1));
}

static int
contains_ci(const char *hay, const char *needle)
{
	size_t	 n = strlen(needle);

	for (; *hay; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return 1;
	return 0;
}

/* errors[0] -> a typed error, keeping Upwork's message for the page. */
static enum upwork_err
classify_errors(json_t *errors, struct upwork_res *out)
{
	json_t		*e0 = json_array_get(errors, 0);
	const char	*msg, *cls;

	msg = upwork_str(e0, "message");
	cls = upwork_str(e0, "extensions.classification");
	out->message = strdup(msg ? msg : "(no message)");
	if (msg == NULL)
		msg = "";
	if (cls != NULL && strcmp(cls, "ValidationError") == 0)
		return UPWORK_EVALIDATION;
	if (contains_ci(msg, "permissions/scopes") ||
	    contains_ci(msg, "oauth2 permission")) {
		out->fields = blocked_fields(msg);
		return UPWORK_EPERMISSION;
	}
	if (contains_ci(msg, "Exception occurred"))
		return UPWORK_ESERVER;
	if (contains_ci(msg, "Authorization failed") ||
	    contains_ci(msg, "has no access") ||
	    contains_ci(msg, "access denied") ||
	    contains_ci(msg, "not allowed"))
		return UPWORK_EDENIED;
	return UPWORK_EOTHER;
}

enum upwork_err
upwork_classify(long status, const char *ct, const char *body, size_t len,
    struct upwork_res *out)
{
	json_error_t	 jerr;
	json_t		*root, *errors, *data;

	out->http_status = status;
	if (status == 401)
		return out->err = UPWORK_EAUTH;
	if (status == 429)
		return out->err = UPWORK_ERATELIMIT;
	if (status >= 500) {
		/* Upwork's 500 carries {"message":"Exception occurred"}. */
		if (body != NULL && ct != NULL &&
		    strncasecmp(ct, "application/json", 16) == 0 &&
		    depth_ok(body, len) &&
		    (root = json_loadb(body, len, JSON_ALLOW_NUL, &jerr)) !=
		    NULL) {
			const char *m = upwork_str(root, "message");
			if (m != NULL)
				out->message = strdup(m);
			json_decref(root);
		}
		return out->err = UPWORK_ESERVER;
	}
	if (ct == NULL || strncasecmp(ct, "application/json", 16) != 0 ||
	    !depth_ok(body, len))
		return out->err = UPWORK_ENOTJSON;
	/* A \u0000 inside some user's text is still Upwork's data: the
	 * value reads as a C string, cut at the NUL, rather than the whole
	 * answer being refused as "not JSON". */
	root = json_loadb(body, len, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL,
	    &jerr);
	if (root == NULL || !json_is_object(root)) {
		json_decref(root);
		return out->err = UPWORK_ENOTJSON;
	}
	errors = json_object_get(root, "errors");
	if (json_is_array(errors) && json_array_size(errors) > 0) {
		out->err = classify_errors(errors, out);
		json_decref(root);
		return out->err;
	}
	if (status != 200) {
		json_decref(root);
		return out->err = status == 403 ? UPWORK_EDENIED : UPWORK_EOTHER;
	}
	data = json_object_get(root, "data");
	if (!json_is_object(data)) {
		json_decref(root);
		out->message = strdup("the answer holds no data");
		return out->err = UPWORK_EOTHER;
	}
	out->data = json_incref(data);
	json_decref(root);
	return out->err = UPWORK_OK;
}

enum upwork_err
upwork_call(const struct conf *c, enum gql_doc doc, json_t *vars,
    const char *access_token, const char *tenant, int64_t deadline_ms,
    struct upwork_res *out)
{
	return upwork_query(c, gql_text[doc], vars, access_token, tenant,
	    deadline_ms, out);
}

enum upwork_err
upwork_query(const struct conf *c, const char *text, json_t *vars,
    const char *access_token, const char *tenant, int64_t deadline_ms,
    struct upwork_res *out)
{
	struct http_resp	 resp;
	struct http_call	 call;
	json_t			*req;
	char			*body;

	memset(&resp, 0, sizeof(resp));
	memset(&call, 0, sizeof(call));
	req = json_pack("{s:s, s:O?}", "query", text, "variables", vars);
	if (req == NULL || (body = json_dumps(req, JSON_COMPACT |
	    JSON_REAL_PRECISION(15))) == NULL) {
		json_decref(req);
		out->message = strdup("out of memory");
		return out->err = UPWORK_EOTHER;
	}
	json_decref(req);
	call.url = c->upwork_graphql_url;
	call.content_type = "application/json";
	call.body = body;
	call.len = strlen(body);
	call.bearer = access_token;
	call.tenant = tenant;
	/* Queries may be retried; a mutation never is, once it may have
	 * reached Upwork (R3). */
	call.idempotent = strncmp(text, "mutation", 8) != 0;
	call.deadline_ms = deadline_ms;
	if (http_call(&call, &resp) == -1) {
		char	 why[320];

		if (resp.refused != UPSTREAM_GO)
			snprintf(why, sizeof(why), "Workdesk made no call to "
			    "Upwork (%s).", upstream_refusal_name(resp.refused));
		else
			snprintf(why, sizeof(why), "No answer from Upwork: %s.",
			    resp.error);
		out->message = strdup(why);
		switch (resp.refused) {
		case UPSTREAM_GO:
			out->err = UPWORK_ENETWORK;
			break;
		case UPSTREAM_OPEN:
			out->err = UPWORK_EUNAVAILABLE;
			break;
		default:
			out->err = UPWORK_ERATELIMIT;
			break;
		}
	} else
		upwork_classify(resp.status, resp.content_type, resp.body.p,
		    resp.body.len, out);
	memcpy(out->retry_after, resp.retry_after, sizeof(out->retry_after));
	out->attempts = resp.attempts;
	free(body);
	http_resp_free(&resp);
	return out->err;
}

void
upwork_res_free(struct upwork_res *r)
{
	json_decref(r->data);
	free(r->message);
	free(r->fields);
	memset(r, 0, sizeof(*r));
}
