/* test-upwork.c: turning Upwork's answers into one typed error
 * (upwork_classify), strict JSON (security bar I8: depth 64, no duplicate
 * keys), the error texts, and upwork_str path lookups. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "upwork.h"
#include "t.h"

#define JSON	"application/json"

/* Classify body as a 200 application/json answer unless told otherwise. */
static enum upwork_err
classify(long status, const char *ct, const char *body, struct upwork_res *r)
{
	memset(r, 0, sizeof(*r));
	return upwork_classify(status, ct, body, body ? strlen(body) : 0, r);
}

/* {"errors":[{"message":msg}]} with an optional classification. */
static enum upwork_err
upwork_error(const char *msg, const char *cls, struct upwork_res *r)
{
	json_t		*root;
	char		*s;
	enum upwork_err	 e;

	root = cls ? json_pack("{s:[{s:s, s:{s:s}}]}", "errors", "message",
	    msg, "extensions", "classification", cls) :
	    json_pack("{s:[{s:s}]}", "errors", "message", msg);
	s = json_dumps(root, JSON_COMPACT);
	e = classify(200, JSON, s, r);
	free(s);
	json_decref(root);
	return e;
}

/* {"data":{"x": [[...]]}} nested to depth levels in all. */
static char *
nested(int depth)
{
	char	*s;
	size_t	 n = 0;
	int	 i;

	s = malloc((size_t)depth * 2 + 32);
	n += (size_t)sprintf(s, "{\"data\":{\"x\":");
	for (i = 0; i < depth - 2; i++)
		s[n++] = '[';
	for (i = 0; i < depth - 2; i++)
		s[n++] = ']';
	strcpy(s + n, "}}");
	return s;
}

static void
test_http_level(void)
{
	struct upwork_res	 r;
	static const long	 five[] = { 500, 502, 503, 504 };
	size_t			 i;

	T_EQ_INT(classify(200, JSON, "{\"data\":{\"user\":{\"id\":\"u1\"}}}",
	    &r), UPWORK_OK, "200 with data");
	T_EQ_INT(r.err, UPWORK_OK, "err stored");
	T_EQ_INT(r.http_status, 200, "status stored");
	T_OK(json_is_object(r.data), "data object kept");
	T_EQ_STR(upwork_str(r.data, "user.id"), "u1", "data readable");
	T_OK(r.message == NULL, "no message on success");
	upwork_res_free(&r);
	T_OK(r.data == NULL && r.message == NULL, "upwork_res_free clears");

	T_EQ_INT(classify(200, "Application/JSON; charset=utf-8",
	    "{\"data\":{}}", &r), UPWORK_OK, "media type with parameters");
	upwork_res_free(&r);

	T_EQ_INT(classify(401, JSON, "{\"data\":{}}", &r), UPWORK_EAUTH, "401");
	T_OK(r.data == NULL, "401: no data");
	upwork_res_free(&r);
	T_EQ_INT(classify(429, "text/plain", "slow down", &r), UPWORK_ERATELIMIT,
	    "429");
	upwork_res_free(&r);
	for (i = 0; i < sizeof(five) / sizeof(five[0]); i++) {
		T_OK(classify(five[i], "text/html", "<h1>down</h1>", &r) ==
		    UPWORK_ESERVER, "%ld is ESERVER", five[i]);
		T_EQ_INT(r.http_status, five[i], "5xx status kept");
		upwork_res_free(&r);
	}
	T_EQ_INT(classify(403, JSON, "{\"message\":\"forbidden\"}", &r),
	    UPWORK_EDENIED, "403 JSON without errors[]");
	upwork_res_free(&r);
}

static void
test_not_json(void)
{
	struct upwork_res	 r;
	char			*s;

	T_EQ_INT(classify(200, "text/html; charset=UTF-8",
	    "<!DOCTYPE html><title>Just a moment...</title>", &r),
	    UPWORK_ENOTJSON, "HTML challenge page");
	T_OK(r.data == NULL, "no data from HTML");
	upwork_res_free(&r);
	T_EQ_INT(classify(200, NULL, "{\"data\":{}}", &r), UPWORK_ENOTJSON,
	    "no Content-Type");
	upwork_res_free(&r);
	T_EQ_INT(classify(200, JSON, "{\"data\":", &r), UPWORK_ENOTJSON,
	    "truncated JSON");
	upwork_res_free(&r);
	T_EQ_INT(classify(200, JSON, "Just a moment...", &r), UPWORK_ENOTJSON,
	    "HTML labelled as JSON");
	upwork_res_free(&r);
	T_EQ_INT(classify(200, JSON, "{\"data\":{}} trailing", &r),
	    UPWORK_ENOTJSON, "trailing garbage");
	upwork_res_free(&r);
	T_EQ_INT(classify(200, JSON, "[{\"data\":{}}]", &r), UPWORK_ENOTJSON,
	    "top-level array");
	upwork_res_free(&r);
	T_EQ_INT(classify(200, JSON, "", &r), UPWORK_ENOTJSON, "empty body");
	upwork_res_free(&r);
	T_EQ_INT(classify(200, JSON, "{\"data\":{\"a\":1,\"a\":2}}", &r),
	    UPWORK_ENOTJSON, "duplicate keys rejected");
	upwork_res_free(&r);
	/* A NUL inside some user's text is still Upwork's data: the value
	 * reads as a C string cut at it (the XSS test's raw U+0000). */
	T_EQ_INT(classify(200, JSON, "{\"data\":{\"a\":\"x\\u0000y\"}}", &r),
	    UPWORK_OK, "\\u0000 in a string accepted");
	T_OK(r.data != NULL && strcmp(upwork_str(r.data, "a"), "x") == 0,
	    "... and the value reads cut at the NUL");
	upwork_res_free(&r);

	s = nested(64);
	T_EQ_INT(classify(200, JSON, s, &r), UPWORK_OK, "depth 64 accepted");
	upwork_res_free(&r);
	free(s);
	s = nested(65);
	T_EQ_INT(classify(200, JSON, s, &r), UPWORK_ENOTJSON,
	    "depth 65 rejected");
	upwork_res_free(&r);
	free(s);
	T_EQ_INT(classify(200, JSON, "{\"data\":{\"s\":\"[[[[[[[[[[[[[[[[[["
	    "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\\\""
	    "{{{\"}}", &r), UPWORK_OK, "brackets inside strings do not count");
	upwork_res_free(&r);
}

static void
test_errors(void)
{
	struct upwork_res	 r;

	T_EQ_INT(upwork_error("Validation error of type FieldUndefined: "
	    "Field 'foo' in type 'Query' is undefined", "ValidationError", &r),
	    UPWORK_EVALIDATION, "ValidationError");
	T_EQ_STR(r.message, "Validation error of type FieldUndefined: Field "
	    "'foo' in type 'Query' is undefined", "message kept");
	upwork_res_free(&r);

	T_EQ_INT(upwork_error("The client or authentication token doesn't have "
	    "enough oauth2 permissions/scopes to access: [Money.currency, "
	    "Money.rawValue].", NULL, &r), UPWORK_EPERMISSION, "missing scope");
	T_EQ_STR(r.fields, "Money.currency, Money.rawValue", "blocked fields");
	T_CONTAINS(r.message, "permissions/scopes", "message kept");
	upwork_res_free(&r);

	T_EQ_INT(upwork_error("User does not have required OAuth2 permission: "
	    "Read marketplace Job Postings", NULL, &r), UPWORK_EPERMISSION,
	    "OAuth2 permission message");
	T_OK(r.fields == NULL, "no bracketed fields: fields NULL");
	upwork_res_free(&r);

	T_EQ_INT(upwork_error("Exception occurred", NULL, &r), UPWORK_ESERVER,
	    "Exception occurred");
	upwork_res_free(&r);
	T_EQ_INT(upwork_error("Authorization failed", NULL, &r), UPWORK_EDENIED,
	    "Authorization failed");
	upwork_res_free(&r);
	T_EQ_INT(upwork_error("Something new <script>", NULL, &r), UPWORK_EOTHER,
	    "other message");
	T_EQ_STR(r.message, "Something new <script>",
	    "hostile message kept verbatim (escaped where printed)");
	upwork_res_free(&r);

	/* One error fails the whole query, even with data beside it. */
	T_EQ_INT(classify(200, JSON, "{\"data\":{\"user\":{\"id\":\"u1\"}},"
	    "\"errors\":[{\"message\":\"Exception occurred\"}]}", &r),
	    UPWORK_ESERVER, "errors[] plus data is an error");
	T_OK(r.data == NULL, "no partial data handed out");
	upwork_res_free(&r);
	T_EQ_INT(classify(200, JSON, "{\"errors\":[42]}", &r), UPWORK_EOTHER,
	    "error entry not an object");
	T_EQ_STR(r.message, "(no message)", "placeholder message");
	upwork_res_free(&r);
	T_EQ_INT(classify(200, JSON, "{\"errors\":[],\"data\":{}}", &r),
	    UPWORK_OK, "empty errors[] is no error");
	upwork_res_free(&r);

	T_EQ_INT(classify(200, JSON, "{\"extensions\":{}}", &r), UPWORK_EOTHER,
	    "200 without data");
	T_OK(r.message != NULL && r.message[0] != '\0', "says why");
	upwork_res_free(&r);
	T_EQ_INT(classify(200, JSON, "{\"data\":null}", &r), UPWORK_EOTHER,
	    "data null");
	upwork_res_free(&r);
	T_EQ_INT(classify(200, JSON, "{\"data\":\"x\"}", &r), UPWORK_EOTHER,
	    "data not an object");
	upwork_res_free(&r);
}

static void
test_texts(void)
{
	int	 e, ok = 1, distinct = 1, f;

	for (e = UPWORK_OK + 1; e < UPWORK__MAX; e++) {
		if (upwork_err_heading(e)[0] == '\0' ||
		    upwork_err_hint(e)[0] == '\0' ||
		    upwork_err_name(e)[0] == '\0' ||
		    upwork_err_status(e) < 400 || upwork_err_status(e) > 599) {
			fprintf(stderr, "error %d lacks a text or status\n", e);
			ok = 0;
		}
		for (f = UPWORK_OK; f < e; f++)
			if (strcmp(upwork_err_name(e), upwork_err_name(f)) == 0)
				distinct = 0;
	}
	T_OK(ok, "every error has a heading, a hint, a name and a 4xx/5xx");
	T_OK(distinct, "error names are distinct");
	T_EQ_INT(upwork_err_status(UPWORK_OK), 200, "OK is 200");
	T_EQ_INT(upwork_err_status(UPWORK_EAUTH), 401, "EAUTH is 401");
	T_EQ_INT(upwork_err_status(UPWORK_EPERMISSION), 403, "EPERMISSION 403");
	T_EQ_INT(upwork_err_status(UPWORK_EDENIED), 403, "EDENIED 403");
	T_EQ_INT(upwork_err_status(UPWORK_ESERVER), 502, "ESERVER 502");
	T_EQ_INT(upwork_err_status(UPWORK_ENETWORK), 503, "ENETWORK 503");
	T_EQ_STR(upwork_err_name(UPWORK_EVALIDATION), "validation", "name");
}

static void
test_str(void)
{
	json_t	*o;
	char	 longpath[100];

	o = json_loads("{\"a\":{\"b\":{\"c\":\"deep\",\"n\":null,\"i\":3},"
	    "\"s\":\"str\"},\"top\":\"t\"}", 0, NULL);
	T_EQ_STR(upwork_str(o, "a.b.c"), "deep", "a.b.c");
	T_EQ_STR(upwork_str(o, "top"), "t", "top level");
	T_EQ_STR(upwork_str(o, "a.s"), "str", "a.s");
	T_OK(upwork_str(o, "a.b.missing") == NULL, "missing member");
	T_OK(upwork_str(o, "x.y.z") == NULL, "missing parent");
	T_OK(upwork_str(o, "a.b.n") == NULL, "null");
	T_OK(upwork_str(o, "a.b.i") == NULL, "number is not a string");
	T_OK(upwork_str(o, "a.b") == NULL, "object is not a string");
	T_OK(upwork_str(o, "a.s.more") == NULL, "path through a string");
	T_OK(upwork_str(o, "") == NULL, "empty path");
	T_OK(upwork_str(NULL, "a") == NULL, "NULL object");
	memset(longpath, 'a', sizeof(longpath) - 1);
	longpath[sizeof(longpath) - 1] = '\0';
	T_OK(upwork_str(o, longpath) == NULL, "over-long member name");
	json_decref(o);
}

int
main(void)
{
	test_http_level();
	test_not_json();
	test_errors();
	test_texts();
	test_str();
	/* R3: only answers that may hide a done mutation are "unknown". */
	T_OK(upwork_err_maybe_done(UPWORK_ENETWORK) &&
	    upwork_err_maybe_done(UPWORK_ESERVER) &&
	    upwork_err_maybe_done(UPWORK_ENOTJSON), "no answer, 5xx, not JSON");
	T_OK(!upwork_err_maybe_done(UPWORK_OK) &&
	    !upwork_err_maybe_done(UPWORK_EAUTH) &&
	    !upwork_err_maybe_done(UPWORK_ERATELIMIT) &&
	    !upwork_err_maybe_done(UPWORK_EUNAVAILABLE) &&
	    !upwork_err_maybe_done(UPWORK_EVALIDATION) &&
	    !upwork_err_maybe_done(UPWORK_EPERMISSION) &&
	    !upwork_err_maybe_done(UPWORK_EOTHER), "Upwork's verdicts are known");
	return t_done("test-upwork");
}
