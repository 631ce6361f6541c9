/* http.h: outbound HTTPS to Upwork through libcurl. */
#ifndef HTTP_H
#define HTTP_H

#include <stdint.h>

#include "buf.h"
#include "upstream.h"

struct conf;

#define HTTP_BODY_MAX	(2 * 1024 * 1024)	/* security bar I8 */

struct http_resp {
	long		 status;	/* 0 when no HTTP answer came */
	struct buf	 body;
	char		 content_type[128];
	char		 retry_after[64];	/* raw header value, "" if none */
	int		 transport_error;	/* non-zero: no usable answer */
	char		 error[256];		/* what went wrong, for logs/pages */
	enum upstream_refusal refused;	/* not called at all, and why */
	unsigned	 attempts;		/* calls made (retries included) */
};

/* One call to Upwork. */
struct http_call {
	const char	*url;
	const char	*content_type;
	const char	*body;
	size_t		 len;
	const char	*bearer;	/* Authorization: Bearer, or NULL */
	const char	*tenant;	/* X-Upwork-API-TenantId, or NULL */
	int		 idempotent;	/* a read: may be retried (R2) */
	int64_t		 deadline_ms;	/* upstream_now_ms() clock */
};

/* Global set-up before threads start (curl_global_init, share handle). */
int	 http_init(const struct conf *);
/* After every worker thread has ended. */
void	 http_exit(void);

/* POST the call's body to its url through the install's call discipline
 * (upstream.h): admitted by the limiter and breaker, retried with full
 * jitter only when idempotent and only on no answer, 429, 502, 503 or 504,
 * at most 3 attempts, never past the deadline (R1-R6). Redirects are never
 * followed and TLS is always verified. Returns 0 when an HTTP answer
 * arrived (any status; the last attempt's), -1 otherwise
 * (out->transport_error and out->error, or out->refused when no call was
 * made). out must be zeroed; free with http_resp_free. */
int	 http_call(const struct http_call *, struct http_resp *out);
/* A deadline for one call of the configured length from now. */
int64_t	 http_deadline(void);
void	 http_resp_free(struct http_resp *);

#endif /* HTTP_H */
