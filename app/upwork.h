/* upwork.h: the GraphQL client: one embedded document per screen, Upwork's
 * errors (which arrive inside HTTP 200) turned into one typed error. */
#ifndef UPWORK_H
#define UPWORK_H

#include <stdint.h>
#include <time.h>

#include <jansson.h>

#include "gql.h"

struct conf;

enum upwork_err {
	UPWORK_OK,
	UPWORK_ENETWORK,	/* no answer: refused, reset, timed out */
	UPWORK_EAUTH,		/* HTTP 401: the access token was not accepted */
	UPWORK_ERATELIMIT,	/* HTTP 429 */
	UPWORK_ESERVER,		/* HTTP 5xx, or "Exception occurred" */
	UPWORK_ENOTJSON,	/* not JSON, e.g. an HTML challenge page */
	UPWORK_EVALIDATION,	/* our document no longer fits Upwork's schema */
	UPWORK_EPERMISSION,	/* the API key lacks a permission (scope) */
	UPWORK_EDENIED,		/* access denied for this user or organization */
	UPWORK_EUNAVAILABLE,	/* not called: the circuit breaker is open */
	UPWORK_EOTHER,		/* any other error Upwork reports */
	UPWORK__MAX
};

struct upwork_res {
	enum upwork_err	 err;
	long		 http_status;
	json_t		*data;		/* owned: the "data" object on success */
	char		*message;	/* owned: Upwork's first error text (hostile) */
	char		*fields;	/* owned: for EPERMISSION, the blocked fields */
	char		 retry_after[64];
	unsigned	 attempts;	/* calls made, retries included */
	int		 stale;		/* served from the cache past its TTL */
	time_t		 fetched_at;	/* when the data came from Upwork */
};

/* Run document doc with vars (borrowed, may be NULL) as the user holding
 * access_token, in organization tenant (NULL: the user's default). Fills
 * out (zero it first; free with upwork_res_free). Returns out->err. */
enum upwork_err	 upwork_call(const struct conf *, enum gql_doc doc,
		    json_t *vars, const char *access_token,
		    const char *tenant, int64_t deadline_ms,
		    struct upwork_res *out);
/* The same for a document of the caller's own (introspection, for
 * `workdesk check-schema`). Never a mutation in practice; one would not
 * be retried. */
enum upwork_err	 upwork_query(const struct conf *, const char *text,
		    json_t *vars, const char *access_token,
		    const char *tenant, int64_t deadline_ms,
		    struct upwork_res *out);
void		 upwork_res_free(struct upwork_res *);

/* Classify a raw answer (exposed for tests and the fuzz harness). */
enum upwork_err	 upwork_classify(long http_status, const char *content_type,
		    const char *body, size_t len, struct upwork_res *out);

/* Short name ("validation", ...) for logs. */
const char	*upwork_err_name(enum upwork_err);
/* Could a mutation that ended so have been carried out by Upwork? (No
 * answer, a 5xx, or an answer that is not Upwork's JSON: the request may
 * have reached it. Security bar R3: never resent; "outcome unknown".) */
int		 upwork_err_maybe_done(enum upwork_err);
/* The status our error page answers with. */
int		 upwork_err_status(enum upwork_err);
/* A heading and a sentence saying what the user or operator can do. */
const char	*upwork_err_heading(enum upwork_err);
const char	*upwork_err_hint(enum upwork_err);

/* Object member path lookups that tolerate missing or null values.
 * Borrowed from the JSON tree; NULL when absent or not a string. */
const char	*upwork_str(json_t *obj, const char *path);

#endif /* UPWORK_H */
