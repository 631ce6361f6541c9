/* http.c: libcurl with the rules of the security bar: O9 (TLS verified, no
 * redirects, https only unless the sandbox on loopback is configured), R1
 * (connect and total timeouts, low-speed abort), I8 (2 MiB cap).
 *
 * Each worker thread has its own easy handle (a thread-specific key frees
 * it when the thread ends); one share handle lets them reuse DNS answers
 * and TLS sessions. Connections are not reused: see perform(). */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <curl/curl.h>
#include <sodium.h>

#include "conf.h"
#include "http.h"

#define USER_AGENT	"Workdesk/0.1 (self-hosted Upwork dashboard)"

static CURLSH		*share;
static pthread_mutex_t	 share_locks[CURL_LOCK_DATA_LAST];
static pthread_key_t	 easy_key;
static long		 connect_timeout_ms, timeout_ms;

#define ATTEMPTS_MAX	3		/* R2 */
#define BACKOFF_BASE_MS	1000
#define BACKOFF_CAP_MS	30000
static const char	*protocols;

static void
share_lock(CURL *h, curl_lock_data data, curl_lock_access a, void *u)
{
	(void)h; (void)a; (void)u;
	pthread_mutex_lock(&share_locks[data]);
}

static void
share_unlock(CURL *h, curl_lock_data data, void *u)
{
	(void)h; (void)u;
	pthread_mutex_unlock(&share_locks[data]);
}

static void
easy_free(void *p)
{
	curl_easy_cleanup(p);
}

int
http_init(const struct conf *c)
{
	int	 i;

	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return -1;
	for (i = 0; i < CURL_LOCK_DATA_LAST; i++)
		pthread_mutex_init(&share_locks[i], NULL);
	if ((share = curl_share_init()) == NULL)
		return -1;
	curl_share_setopt(share, CURLSHOPT_LOCKFUNC, share_lock);
	curl_share_setopt(share, CURLSHOPT_UNLOCKFUNC, share_unlock);
	curl_share_setopt(share, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
	curl_share_setopt(share, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
	if (pthread_key_create(&easy_key, easy_free) != 0)
		return -1;
	connect_timeout_ms = c->http_connect_timeout_ms;
	timeout_ms = c->http_timeout_ms;
	/* conf_check allowed http:// only for loopback URLs. */
	protocols = c->allow_insecure_loopback ? "http,https" : "https";
	return 0;
}

void
http_exit(void)
{
	CURL	*e;
	int	 i;

	if ((e = pthread_getspecific(easy_key)) != NULL) {
		curl_easy_cleanup(e);
		pthread_setspecific(easy_key, NULL);
	}
	if (share != NULL) {
		curl_share_cleanup(share);
		share = NULL;
		pthread_key_delete(easy_key);
		for (i = 0; i < CURL_LOCK_DATA_LAST; i++)
			pthread_mutex_destroy(&share_locks[i]);
	}
	curl_global_cleanup();
}

static size_t
on_body(char *p, size_t size, size_t n, void *u)
{
	struct http_resp	*r = u;
	size_t			 len = size * n;

	if (r->body.len + len > HTTP_BODY_MAX) {
		snprintf(r->error, sizeof(r->error),
		    "response larger than %d bytes", HTTP_BODY_MAX);
		return 0;	/* aborts the transfer */
	}
	return buf_append(&r->body, p, len) == -1 ? 0 : len;
}

static size_t
on_header(char *p, size_t size, size_t n, void *u)
{
	struct http_resp	*r = u;
	size_t			 len = size * n, vlen;
	const char		*v;

	if (len > 12 && strncasecmp(p, "Retry-After:", 12) == 0) {
		for (v = p + 12; v < p + len && (*v == ' ' || *v == '\t'); v++)
			;
		vlen = (size_t)(p + len - v);
		while (vlen && (v[vlen - 1] == '\r' || v[vlen - 1] == '\n'))
			vlen--;
		if (vlen >= sizeof(r->retry_after))
			vlen = sizeof(r->retry_after) - 1;
		memcpy(r->retry_after, v, vlen);
		r->retry_after[vlen] = '\0';
	}
	return len;
}

static CURL *
thread_easy(void)
{
	CURL	*e;

	if ((e = pthread_getspecific(easy_key)) != NULL) {
		curl_easy_reset(e);
		return e;
	}
	if ((e = curl_easy_init()) == NULL)
		return NULL;
	if (pthread_setspecific(easy_key, e) != 0) {
		curl_easy_cleanup(e);
		return NULL;
	}
	return e;
}

int64_t
http_deadline(void)
{
	return upstream_now_ms() + timeout_ms;
}

/* One attempt: perform the transfer. 0 an HTTP answer, -1 none. */
static int
perform(const struct http_call *c, long budget_ms, struct http_resp *out)
{
	struct curl_slist	*hdrs = NULL, *h;
	struct buf		 line = BUF_INIT;
	char			*ct = NULL;
	CURL			*e;
	CURLcode		 rc;

	if ((e = thread_easy()) == NULL) {
		out->transport_error = 1;
		snprintf(out->error, sizeof(out->error), "out of memory");
		return -1;
	}
	buf_printf(&line, "Content-Type: %s", c->content_type);
	hdrs = curl_slist_append(hdrs, line.p);
	hdrs = curl_slist_append(hdrs, "Accept: application/json");
	hdrs = curl_slist_append(hdrs, "Expect:");
	if (c->bearer != NULL) {
		buf_reset(&line);
		buf_printf(&line, "Authorization: Bearer %s", c->bearer);
		h = curl_slist_append(hdrs, line.p);
		explicit_bzero(line.p, line.len);
		hdrs = h;
	}
	if (c->tenant != NULL) {
		buf_reset(&line);
		buf_printf(&line, "X-Upwork-API-TenantId: %s", c->tenant);
		hdrs = curl_slist_append(hdrs, line.p);
	}
	buf_free(&line);

	curl_easy_setopt(e, CURLOPT_URL, c->url);
	curl_easy_setopt(e, CURLOPT_SHARE, share);
	/* NB: one connection per call. On a reused connection that turns out
	 * dead, libcurl silently sends the request again on a new one: that
	 * would resend a mutation or a token request (R3), and make calls
	 * the install-wide limiter never admitted (R5). TLS sessions are
	 * still shared, so a new connection resumes rather than renegotiates. */
	curl_easy_setopt(e, CURLOPT_FRESH_CONNECT, 1L);
	curl_easy_setopt(e, CURLOPT_FORBID_REUSE, 1L);
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, protocols);
	curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS,
	    connect_timeout_ms < budget_ms ? connect_timeout_ms : budget_ms);
	curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, budget_ms);
	curl_easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, 1L);
	curl_easy_setopt(e, CURLOPT_LOW_SPEED_TIME, 10L);
	curl_easy_setopt(e, CURLOPT_USERAGENT, USER_AGENT);
	curl_easy_setopt(e, CURLOPT_HTTPHEADER, hdrs);
	curl_easy_setopt(e, CURLOPT_POST, 1L);
	curl_easy_setopt(e, CURLOPT_POSTFIELDS, c->body);
	curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)c->len);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, out);
	curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(e, CURLOPT_HEADERDATA, out);
	curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE,
	    (curl_off_t)HTTP_BODY_MAX);

	rc = curl_easy_perform(e);
	/* The bearer token is in the header list: wipe it, not just free it. */
	for (h = hdrs; h != NULL; h = h->next)
		explicit_bzero(h->data, strlen(h->data));
	curl_slist_free_all(hdrs);
	curl_easy_setopt(e, CURLOPT_HTTPHEADER, NULL);
	curl_easy_setopt(e, CURLOPT_POSTFIELDS, NULL);

	if (rc != CURLE_OK) {
		out->transport_error = 1;
		if (out->error[0] == '\0')
			snprintf(out->error, sizeof(out->error), "%s",
			    curl_easy_strerror(rc));
		return -1;
	}
	curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &out->status);
	if (curl_easy_getinfo(e, CURLINFO_CONTENT_TYPE, &ct) == CURLE_OK && ct)
		snprintf(out->content_type, sizeof(out->content_type), "%s", ct);
	return 0;
}

/* Forget what the previous attempt received. */
static void
resp_reset(struct http_resp *r)
{
	http_resp_free(r);
	r->status = 0;
	r->content_type[0] = r->retry_after[0] = r->error[0] = '\0';
	r->transport_error = 0;
}

static void
sleep_ms(int64_t ms)
{
	struct timespec	 ts = { ms / 1000, (ms % 1000) * 1000000 };

	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

int
http_call(const struct http_call *c, struct http_resp *out)
{
	enum upstream_refusal	 ref;
	enum upstream_outcome	 outcome;
	int64_t			 now, until, cap, backoff, left;
	unsigned		 attempt;
	int			 probe, rc, retryable;

	for (attempt = 0;; attempt++) {
		resp_reset(out);
		if ((ref = upstream_acquire(c->deadline_ms, &probe)) !=
		    UPSTREAM_GO) {
			/* Not called: say why, keep the last answer's status
			 * out of it. */
			out->refused = ref;
			out->transport_error = 1;
			snprintf(out->error, sizeof(out->error),
			    "not called (%s)", upstream_refusal_name(ref));
			return -1;
		}
		out->attempts++;
		now = upstream_now_ms();
		/* One call lasts at most http_timeout_ms, and never past the
		 * caller's deadline (the page's budget). */
		left = c->deadline_ms - now > 1 ? c->deadline_ms - now : 1;
		rc = perform(c, left < timeout_ms ? (long)left : timeout_ms, out);
		outcome = rc == -1 || out->status >= 500 ? UPSTREAM_FAILED :
		    out->status == 429 ? UPSTREAM_LIMITED : UPSTREAM_OK;
		until = out->status == 429 || out->status == 503 ?
		    upstream_retry_after(out->retry_after) : 0;
		upstream_done(outcome, probe, until);

		retryable = c->idempotent && (rc == -1 || out->status == 429 ||
		    out->status == 502 || out->status == 503 ||
		    out->status == 504);
		if (!retryable || attempt + 1 >= ATTEMPTS_MAX)
			return rc;
		/* R2: full jitter, random(0, min(cap, base * 2^attempt)),
		 * and never before Upwork's Retry-After (R4). */
		cap = (int64_t)BACKOFF_BASE_MS << (attempt + 1);
		if (cap > BACKOFF_CAP_MS)
			cap = BACKOFF_CAP_MS;
		backoff = (int64_t)randombytes_uniform((uint32_t)cap + 1);
		now = upstream_now_ms();
		if (until > now + backoff)
			backoff = until - now;
		if (now + backoff >= c->deadline_ms || !upstream_retry_ok())
			return rc;
		sleep_ms(backoff);
	}
}

void
http_resp_free(struct http_resp *r)
{
	if (r->body.p)
		explicit_bzero(r->body.p, r->body.cap);
	buf_free(&r->body);
}
