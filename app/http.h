/* http.h: outbound HTTPS to Upwork through libcurl. */
#ifndef HTTP_H
#define HTTP_H

#include "buf.h"

struct conf;

#define HTTP_BODY_MAX	(2 * 1024 * 1024)	/* security bar I8 */

struct http_resp {
	long		 status;	/* 0 when no HTTP answer came */
	struct buf	 body;
	char		 content_type[128];
	char		 retry_after[64];	/* raw header value, "" if none */
	int		 transport_error;	/* non-zero: no usable answer */
	char		 error[256];		/* what went wrong, for logs/pages */
};

/* Global set-up before threads start (curl_global_init, share handle). */
int	 http_init(const struct conf *);
/* After every worker thread has ended. */
void	 http_exit(void);

/* POST body to url. bearer and tenant may be NULL; they become the
 * Authorization and X-Upwork-API-TenantId headers. Redirects are never
 * followed and TLS is always verified. Returns 0 when an HTTP answer
 * arrived (any status), -1 otherwise (out->transport_error, out->error).
 * out must be zeroed; free with http_resp_free. */
int	 http_post(const char *url, const char *content_type,
	    const char *body, size_t len, const char *bearer,
	    const char *tenant, struct http_resp *out);
void	 http_resp_free(struct http_resp *);

#endif /* HTTP_H */
