/* fuzz-render: the dashboard's pages built from whatever Upwork answers
 * (security bar I7, I8). The whole request path runs as in the server: a
 * signed-in session, the route, the cache, libcurl over HTTP to a small
 * answer server in this process (it replies to every GraphQL call with
 * the fuzz input), the page's reading of the answer, and the templates.
 *
 * The first byte picks the page; the rest is the body of every answer.
 * The cache is emptied before each input, so each page asks afresh.
 *
 * Properties: the page answers with a status the dashboard uses (never a
 * crash, never a 500 for an answer it cannot read, and an error page
 * only with an error status); the body is valid
 * UTF-8; and no value from the answer escapes its context: the markers
 * the seeds and dictionary carry ("<x-fuzz", "x-fuzz=" after a quote,
 * "javascript:" in a link) never appear raw in the HTML. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz.h"
#include "cache.h"
#include "conf.h"
#include "crypto.h"
#include "http.h"
#include "oauth.h"
#include "page.h"
#include "req.h"
#include "route.h"
#include "session.h"
#include "store.h"
#include "tpl.h"
#include "upstream.h"
#include "user.h"

int	 LLVMFuzzerTestOneInput(const uint8_t *data, size_t n);
int	 LLVMFuzzerInitialize(int *argc, char ***argv);

#define USER	"1390042875001225216"
#define ORG	"1390042875001225217"

static const char *const pages[] = {
	"/",
	"/jobs?q=python&sort=recency",
	"/jobs/1830000000011859418",
	"/jobs/1830000000011859418/apply",
	"/proposals",
	"/proposals/1920000000000000104",
	"/contracts",
	"/contracts/37211001",
	"/messages",
	"/messages/room_0123456789abcdef",
	"/billing",
	"/billing/invoices/4200001?day=2026-11-02",
	"/billing/export.csv",
	"/org",
	"/account",
	"/contracts/37211001/end",
};
#define NPAGES	(sizeof(pages) / sizeof(pages[0]))
#define ERROR_PAGE	"<section class=\"error-page\""	/* error.tpl */

static struct conf	 conf;
static char		 sid[CRYPTO_TOKEN_LEN + 1];

/* The answer server: one thread, one connection at a time. The answer is
 * its own copy: a call that libcurl gave up on may be served after the
 * input it belonged to is gone. */
static pthread_mutex_t	 answer_mu = PTHREAD_MUTEX_INITIALIZER;
static uint8_t		*answer;
static size_t		 answer_len;
static int		 listen_fd = -1;

static void
serve_one(int fd)
{
	char	 req[65536], head[160];
	size_t	 got = 0, want = 0;
	ssize_t	 r;
	char	*end, *cl;

	for (;;) {	/* the request: head, then Content-Length bytes */
		if (got == sizeof(req) - 1)
			break;
		if ((r = read(fd, req + got, sizeof(req) - 1 - got)) <= 0)
			return;
		got += (size_t)r;
		req[got] = '\0';
		if ((end = strstr(req, "\r\n\r\n")) == NULL)
			continue;
		if ((cl = strcasestr(req, "\r\ncontent-length:")) != NULL &&
		    cl < end)
			want = strtoul(cl + 17, NULL, 10);
		if (got >= (size_t)(end + 4 - req) + want)
			break;
	}
	pthread_mutex_lock(&answer_mu);
	snprintf(head, sizeof(head), "HTTP/1.1 200 OK\r\nContent-Type: "
	    "application/json\r\nContent-Length: %zu\r\nConnection: close"
	    "\r\n\r\n", answer_len);
	if (write(fd, head, strlen(head)) == (ssize_t)strlen(head) &&
	    answer_len > 0)
		(void)!write(fd, answer, answer_len);
	pthread_mutex_unlock(&answer_mu);
}

static void *
server(void *arg)
{
	int	 fd;

	(void)arg;
	for (;;) {
		if ((fd = accept(listen_fd, NULL, NULL)) == -1)
			continue;
		serve_one(fd);
		close(fd);
	}
	return NULL;
}

static int
start_server(void)
{
	struct sockaddr_in	 a;
	socklen_t		 len = sizeof(a);
	pthread_t		 th;

	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if ((listen_fd = socket(AF_INET, SOCK_STREAM, 0)) == -1 ||
	    bind(listen_fd, (struct sockaddr *)&a, sizeof(a)) == -1 ||
	    listen(listen_fd, 16) == -1 ||
	    getsockname(listen_fd, (struct sockaddr *)&a, &len) == -1 ||
	    pthread_create(&th, NULL, server, NULL) != 0)
		abort();
	pthread_detach(th);
	return ntohs(a.sin_port);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct oauth_tokens	 tok;
	struct session		*s;
	char			 dir[256], text[2048], path[300];
	const char		*base = getenv("FUZZ_TMPDIR");
	int			 port;

	(void)argc;
	(void)argv;
	if (base == NULL)
		base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
	snprintf(dir, sizeof(dir), "%s/workdesk-render-XXXXXX", base);
	if (mkdtemp(dir) == NULL)
		abort();
	port = start_server();
	snprintf(text, sizeof(text),
	    "data_dir = %s/data\n"
	    "key_file = %s/token.key\n"
	    "templates_dir = %s\n"
	    "public_origin = http://localhost:8080\n"
	    "redirect_uri = http://localhost:8080/auth/callback\n"
	    "upwork_authorize_url = http://127.0.0.1:%d/authorize\n"
	    "upwork_token_url = http://127.0.0.1:%d/token\n"
	    "upwork_graphql_url = http://127.0.0.1:%d/graphql\n"
	    "upwork_client_id = fuzz\n"
	    "upwork_client_secret = fuzz\n"
	    "allow_insecure_loopback = yes\n"
	    "cache_ttl_s = 0\n"
	    "upstream_rate_per_s = 0\n"
	    "upstream_daily_cap = 0\n",
	    dir, dir, getenv("FUZZ_TEMPLATES") ? getenv("FUZZ_TEMPLATES") :
	    "templates", port, port, port);
	conf_defaults(&conf);
	snprintf(path, sizeof(path), "%s/data", dir);
	if (conf_parse(&conf, text, strlen(text), "fuzz.conf", stderr) == -1 ||
	    mkdir(path, 0700) == -1 || crypto_init() == -1 ||
	    store_init(conf.data_dir) == -1 ||
	    crypto_key_load(conf.key_file) == -1 ||
	    upstream_init(&conf) == -1 || tpl_init(conf.templates_dir) == -1 ||
	    http_init(&conf) == -1)
		abort();

	/* Ada, signed in, agreed to the policy, with tokens good for a year. */
	memset(&tok, 0, sizeof(tok));
	tok.access = "fuzz-access-token";
	tok.refresh = "fuzz-refresh-token";
	tok.access_expires = time(NULL) + 365 * 86400;
	tok.refresh_issued = time(NULL);
	if (oauth_tokens_save(USER, &tok) == -1 ||
	    user_consent_save(USER, POLICY_VERSION, time(NULL)) == -1 ||
	    session_create(USER, "Ada Lovelace", ORG, "Ada's agency", sid,
	    &s) == -1)
		abort();
	session_free(s);
	return 0;
}

static void
no_marker(const char *body, size_t len)
{
	static const char *const raw[] = {
		"<x-fuzz", "\"x-fuzz=", "\" x-fuzz=", "' x-fuzz=", "'x-fuzz=",
		"href=\"javascript:", "src=\"javascript:", "href=\"data:",
	};
	size_t	 i;

	for (i = 0; i < sizeof(raw) / sizeof(raw[0]); i++)
		FUZZ_MUST(memmem(body, len, raw[i], strlen(raw[i])) == NULL);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	struct req	 r;
	char		 uri[128], cookie[80];
	char		*env[8];
	int		 st;

	if (n < 1 || n > 512 * 1024)
		return 0;
	pthread_mutex_lock(&answer_mu);
	free(answer);
	if ((answer = malloc(n)) == NULL)
		abort();
	memcpy(answer, data + 1, n - 1);
	answer_len = n - 1;
	pthread_mutex_unlock(&answer_mu);
	cache_purge_user(USER);

	snprintf(uri, sizeof(uri), "REQUEST_URI=%s", pages[data[0] % NPAGES]);
	snprintf(cookie, sizeof(cookie), "HTTP_COOKIE=__Host-sid=%s", sid);
	env[0] = "REQUEST_METHOD=GET";
	env[1] = uri;
	env[2] = cookie;
	env[3] = "REMOTE_ADDR=127.0.0.1";
	env[4] = "HTTP_SEC_FETCH_SITE=same-origin";
	env[5] = NULL;

	memset(&r, 0, sizeof(r));
	r.conf = &conf;
	r.deadline_ms = upstream_now_ms() + conf.page_budget_ms;
	FUZZ_MUST(req_parse(&r, env, NULL, 0) == 0);
	route_handle(&r);
	st = r.status;
	if (getenv("FUZZ_DUMP") != NULL)	/* to see what a seed reaches */
		fprintf(stderr, "%s: %d, %zu bytes, %u calls\n%.*s\n",
		    pages[data[0] % NPAGES], st, r.body.len, r.upstream_calls,
		    (int)r.body.len, r.body.p);
	FUZZ_MUST(st == 200 || st == 303 || st == 400 || st == 403 ||
	    st == 404 || st == 409 || st == 502 || st == 503 || st == 504);
	if (r.body.len > 0) {
		FUZZ_MUST(req_utf8_valid((unsigned char *)r.body.p, r.body.len));
		no_marker(r.body.p, r.body.len);
		/* An error page is never sent as a success. */
		if (memmem(r.body.p, r.body.len, ERROR_PAGE,
		    strlen(ERROR_PAGE)) != NULL)
			FUZZ_MUST(st >= 400);
	}
	/* A signed-out page means Upwork's answer ended the session: sign
	 * in again for the next input. */
	if (r.sess == NULL && st == 303) {
		struct session *s;

		if (session_create(USER, "Ada Lovelace", ORG, "Ada's agency",
		    sid, &s) == -1)
			abort();
		session_free(s);
	}
	session_free(r.sess);
	req_free(&r);
	return 0;
}
