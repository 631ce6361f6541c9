/* main.c: options, subcommands, the listen socket, worker threads, signals.
 *
 *   workdesk serve -c FILE         run the FastCGI server
 *   workdesk check-config -c FILE  check a config file and its key file
 *   workdesk end-sessions -c FILE --user ID
 *                                  sign a user out everywhere (security bar S6)
 *   workdesk purge -c FILE --user ID | --all
 *                                  delete everything held about a user, or
 *                                  about everyone (the end of the API Terms)
 *   workdesk sweep -c FILE         delete what has outlived its time now
 *   workdesk status -c FILE        calls to Upwork, limits, breaker, cache
 *   workdesk check-schema -c FILE --user ID
 *                                  as that signed-in user, ask Upwork whether
 *                                  our GraphQL documents still validate
 *   workdesk version
 *
 * Listen socket: systemd socket activation (LISTEN_FDS, fd 3) first, then
 * the config's `listen` path, then fd 0 as spawn-fcgi hands it over. */
#include <errno.h>
#include <stdint.h>
#include <getopt.h>
#include <libgen.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include <fcgiapp.h>

#include "cache.h"
#include "conf.h"
#include "form.h"
#include "crypto.h"
#include "fcgi.h"
#include "http.h"
#include "metrics.h"
#include "oauth.h"
#include "page.h"
#include "req.h"
#include "route.h"
#include "schema.h"
#include "session.h"
#include "store.h"
#include "tpl.h"
#include "upstream.h"
#include "user.h"

#define WORKDESK_VERSION	"0.1.0"
#define SWEEP_INTERVAL_S	3600
/* The stdin read has a deadline (security bar I1): no read of a request's
 * socket waits longer than this. nginx sends a buffered body at once; a
 * FastCGI client that announces a body and stalls gets a 400 instead of
 * holding a worker forever. An idle limit per read, not a total one. It
 * starts after FCGX_Accept_r, which reads the parameters itself: a
 * unix socket's accepted connections do not inherit SO_RCVTIMEO, so a
 * client that stalls inside its parameters holds a worker until it goes.
 * Only a client allowed on the socket (mode 0660: nginx) can do that. */
#define STDIN_DEADLINE_S	5

/* Shared by the workers, read-only while they run. */
static struct conf	 conf;
static int		 listen_fd = -1;
static int		 made_socket;	/* ours to remove at exit */
static _Atomic int	 stopping;

static void
usage(void)
{
	fprintf(stderr,
	    "usage: workdesk serve -c FILE\n"
	    "       workdesk check-config -c FILE\n"
	    "       workdesk end-sessions -c FILE --user ID\n"
	    "       workdesk purge -c FILE --user ID | --all\n"
	    "       workdesk sweep -c FILE\n"
	    "       workdesk status -c FILE\n"
	    "       workdesk check-schema -c FILE --user ID\n"
	    "       workdesk version\n");
	exit(2);
}

/* Append a string from the outside world without letting it forge lines;
 * at most 64 bytes of it (a method is a word). */
static void
log_escaped(struct buf *b, const char *s)
{
	size_t	 n;

	for (n = 0; s && *s && n < 64; s++, n++) {
		unsigned char c = (unsigned char)*s;
		if (c < 0x20 || c == 0x7f || c == '\\' || c == '"')
			buf_printf(b, "\\x%02x", c);
		else
			buf_append(b, s, 1);
	}
}

/* One line per request, written at once (stderr is unbuffered: one
 * write, so lines of different threads never interleave), and the same
 * figures to the metrics. Never a token, code, cookie or parameter. */
static void
log_request(const struct req *r, const char *method)
{
	struct buf	 line = BUF_INIT;
	struct timespec	 now;
	struct tm	 tm;
	time_t		 t = time(NULL);
	char		 when[32];
	long		 ms;

	clock_gettime(CLOCK_MONOTONIC, &now);
	ms = (now.tv_sec - r->start.tv_sec) * 1000 +
	    (now.tv_nsec - r->start.tv_nsec) / 1000000;
	metrics_observe(r->route, r->status, ms, r->upstream_calls,
	    r->cache_hits, r->cache_misses);
	gmtime_r(&t, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
	buf_printf(&line, "%s %s ", when, r->id[0] ? r->id : "-");
	log_escaped(&line, method ? method : "-");
	buf_printf(&line, " %s %d %ldms upstream=%u cache=%u/%u\n",
	    r->route ? r->route : "-", r->status, ms, r->upstream_calls,
	    r->cache_hits, r->cache_misses);
	if (line.p != NULL)
		fputs(line.p, stderr);
	buf_free(&line);
}

/* Read exactly the announced body (security bar I1): fewer bytes, any
 * byte more, or a stream that broke or never ended is a 400. A broken
 * stream is a read error, STDIN_DEADLINE_S without a byte, or params cut
 * short, which libfcgi hands over as if complete but leaves its error on
 * the stream. nginx buffers the whole body before it passes the request on
 * (fastcgi_request_buffering), so this never waits on a browser. */
static int
read_body(FCGX_Request *fr, char **body, size_t *len)
{
	const char	*cl = FCGX_GetParam("CONTENT_LENGTH", fr->envp);
	size_t		 want;
	int		 rc, got;
	char		 extra;

	*body = NULL;
	*len = 0;
	if ((rc = req_parse_content_length(cl, REQ_BODY_MAX, &want)) != 0)
		return rc;
	if ((*body = malloc(want + 1)) == NULL)
		return 500;
	got = want ? FCGX_GetStr(*body, (int)want, fr->in) : 0;
	if (got < 0 || (size_t)got != want)
		return 400;
	if (FCGX_GetStr(&extra, 1, fr->in) > 0 || FCGX_GetError(fr->in) != 0)
		return 400;
	(*body)[want] = '\0';
	*len = want;
	return 0;
}

static void
handle(FCGX_Request *fr)
{
	struct req	 r;
	struct buf	 out = BUF_INIT;
	char		*body = NULL;
	size_t		 body_len = 0;
	int		 rc;

	memset(&r, 0, sizeof(r));
	r.conf = &conf;
	r.deadline_ms = upstream_now_ms() + conf.page_budget_ms;
	rc = read_body(fr, &body, &body_len);
	if (rc == 0)
		rc = req_parse(&r, fr->envp, body, body_len);
	else
		req_parse(&r, fr->envp, NULL, 0);	/* for the log and page */
	if (rc != 0) {
		r.route = "-";
		r.status = rc;
		if (r.path == NULL)
			r.path = strdup("/");
		page_status(&r, rc);
	} else
		route_handle(&r);

	/* libfcgi's stream would cut the page into 8 KB records, a write
	 * (and a wakeup of nginx) each; fcgi_put_stdout writes them at once.
	 * Nothing was put on the stream before, and FCGX_Finish_r ends it
	 * and the request after these records, so they stay in order. */
	if (req_serialize(&r, &out) == 0 &&
	    fcgi_put_stdout(fr->ipcFd, fr->requestId, out.p, out.len) == -1)
		fprintf(stderr, "%s: the response could not be written: %s\n",
		    r.id[0] ? r.id : "-", strerror(errno));
	log_request(&r, FCGX_GetParam("REQUEST_METHOD", fr->envp));
	buf_free(&out);
	if (body) {
		explicit_bzero(body, body_len);
		free(body);
	}
	session_free(r.sess);
	req_free(&r);
}

static void *
worker(void *arg)
{
	const struct timeval	 deadline = { STDIN_DEADLINE_S, 0 };
	FCGX_Request		 fr;

	(void)arg;
	if (FCGX_InitRequest(&fr, listen_fd, FCGI_FAIL_ACCEPT_ON_INTR) != 0)
		return NULL;
	while (!stopping) {
		if (FCGX_Accept_r(&fr) < 0)
			break;
		/* A failure only loses the deadline, not the request. */
		if (setsockopt(fr.ipcFd, SOL_SOCKET, SO_RCVTIMEO, &deadline,
		    sizeof(deadline)) == -1)
			fprintf(stderr, "SO_RCVTIMEO: %s\n", strerror(errno));
		handle(&fr);
		FCGX_Finish_r(&fr);
	}
	FCGX_Free(&fr, 1);
	return NULL;
}

static int
open_listener(void)
{
	const char	*fds = getenv("LISTEN_FDS"), *pid = getenv("LISTEN_PID");
	struct stat	 st;
	int		 fd;

	if (fds && pid && strtol(pid, NULL, 10) == (long)getpid() &&
	    strcmp(fds, "1") == 0)
		return 3;
	if (conf.listen != NULL) {
		/* A socket left by a killed server would make bind fail;
		 * remove it, but only if it really is a socket. */
		if (lstat(conf.listen, &st) == 0 && S_ISSOCK(st.st_mode))
			unlink(conf.listen);
		if ((fd = FCGX_OpenSocket(conf.listen, 128)) == -1)
			return -1;
		/* The store's umask made it 0700: let the group in, so
		 * nginx can connect when its user is in our group. */
		made_socket = 1;
		if (chmod(conf.listen, 0660) == -1) {
			fprintf(stderr, "chmod %s: %s\n", conf.listen,
			    strerror(errno));
			return -1;
		}
		return fd;
	}
	if (fstat(0, &st) == 0 && S_ISSOCK(st.st_mode))
		return 0;
	fprintf(stderr, "no listen socket: set `listen` in the config, or "
	    "start workdesk from systemd or spawn-fcgi\n");
	return -1;
}

/* PRIVACY.md and TERMS.md: docs_dir, or the directory above templates/
 * (the repository's layout, and the installed one). */
static int
docs_load(void)
{
	char		 p[DOC__MAX][PATH_MAX];
	const char	*paths[DOC__MAX];
	int		 i;

	for (i = 0; i < DOC__MAX; i++) {
		snprintf(p[i], sizeof(p[i]), conf.docs_dir ? "%s/%s" :
		    "%s/../%s", conf.docs_dir ? conf.docs_dir :
		    conf.templates_dir, i == DOC_PRIVACY ? "PRIVACY.md" :
		    "TERMS.md");
		paths[i] = p[i];
	}
	return page_docs_load(paths);
}

/* The key must not sit in the data directory (security bar K2), however
 * the two paths are spelled: compare the real directories, after
 * store_init made data_dir and before the key is created. */
static int
key_outside_data(void)
{
	char	 data[PATH_MAX], keydir[PATH_MAX], *copy, *dir;
	size_t	 n;
	int	 inside;

	if ((copy = strdup(conf.key_file)) == NULL)
		return -1;
	dir = dirname(copy);
	if (realpath(conf.data_dir, data) == NULL ||
	    realpath(dir, keydir) == NULL) {
		fprintf(stderr, "key file %s: its directory %s: %s\n",
		    conf.key_file, dir, strerror(errno));
		free(copy);
		return -1;
	}
	free(copy);
	n = strlen(data);
	inside = strncmp(keydir, data, n) == 0 &&
	    (keydir[n] == '/' || keydir[n] == '\0');
	if (inside)
		fprintf(stderr, "key file %s: key_file must live outside "
		    "data_dir (%s), so a copy of the data alone does not "
		    "carry the key\n", conf.key_file, data);
	return inside ? -1 : 0;
}

/* Everything serve and check-config share: config, key, store, templates. */
static int
setup(const char *path)
{
	if (conf_load(&conf, path, stderr) == -1)
		return -1;
	if (crypto_init() == -1) {
		fprintf(stderr, "libsodium failed to initialise\n");
		return -1;
	}
	if (store_init(conf.data_dir) == -1 ||
	    key_outside_data() == -1 ||
	    crypto_key_load(conf.key_file) == -1 ||
	    upstream_init(&conf) == -1 ||
	    tpl_init_overrides(conf.templates_dir,
	    conf.templates_override_dir) == -1 ||
	    page_brand_load(&conf) == -1)
		return -1;
	return docs_load();
}

/* Delete what has outlived its time: cache entries at 24 h (API Terms),
 * idle sessions, unfinished sign-ins, temp files of killed writers.
 * Returns how many records went, or -1. */
static long
sweep(void)
{
	time_t	 now = time(NULL);
	long	 n, total = 0;
	int	 bad = 0;

	if ((n = cache_sweep(now)) < 0)
		bad = 1;
	else
		total += n;
	if ((n = store_sweep(STORE_SESSION, now - conf.session_idle_s,
	    now)) < 0)
		bad = 1;
	else
		total += n;
	if ((n = store_sweep(STORE_LOGIN, now - OAUTH_TX_TTL_S, now)) < 0)
		bad = 1;
	else
		total += n;
	if ((n = store_sweep(STORE_FORM, now - FORM_KEEP_S, now + 60)) < 0)
		bad = 1;
	else
		total += n;
	/* Drafts keep the user's text; their tie to an Upwork job ends at
	 * 24 h like any Upwork data (DESIGN.md rule 1). */
	if ((n = user_sweep_drafts(now)) < 0)
		bad = 1;
	else
		total += n;
	/* API Terms §7: users who stopped using Workdesk, or whose Upwork
	 * authorization died, keep nothing here. */
	if ((n = user_sweep_dormant(now, (long)conf.dormant_days * 86400)) < 0)
		bad = 1;
	else if (n > 0) {
		fprintf(stderr, "sweep: purged %ld dormant user(s)\n", n);
		total += n;
	}
	/* Tokens and user records have no age limit of their own, but their
	 * directories may hold a killed writer's temp files. */
	if ((n = store_sweep(STORE_TOKENS, 0, (time_t)INT64_MAX)) < 0 ||
	    (n += store_sweep(STORE_USER, 0, (time_t)INT64_MAX)) < 0)
		bad = 1;
	else
		total += n;
	return bad ? -1 : total;
}

/* The sweeper thread: at start-up, then every hour, until stopping. */
static pthread_mutex_t	 sweep_mutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t	 sweep_cond = PTHREAD_COND_INITIALIZER;

static void *
sweeper(void *arg)
{
	struct timespec	 until;
	long		 n;

	(void)arg;
	pthread_mutex_lock(&sweep_mutex);
	while (!stopping) {
		pthread_mutex_unlock(&sweep_mutex);
		if ((n = sweep()) < 0)
			fprintf(stderr, "sweep: some records could not be "
			    "deleted\n");
		else if (n > 0)
			fprintf(stderr, "sweep: deleted %ld record(s)\n", n);
		pthread_mutex_lock(&sweep_mutex);
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += SWEEP_INTERVAL_S;
		while (!stopping && pthread_cond_timedwait(&sweep_cond,
		    &sweep_mutex, &until) == 0)
			;
	}
	pthread_mutex_unlock(&sweep_mutex);
	return NULL;
}

static int
status(void)
{
	struct upstream_status	 u;
	struct cache_stats	 cs;
	char			 when[PAGE_TIME_LEN];

	if (upstream_status(&u) == -1 || cache_stats(&cs) == -1)
		return 1;
	printf("upstream calls: %u in the last minute (limit %u/s), "
	    "%u today (cap %u)\n", u.calls_minute, u.rate_per_s,
	    u.calls_day, u.daily_cap);
	printf("upstream failures last minute: %u; retries: %u; 429s: %u "
	    "(%llu since the state file was made)\n", u.failures_minute,
	    u.retries_minute, u.limited_minute, u.total_429);
	printf("breaker: %s", u.breaker);
	if (u.breaker_open_ms)
		printf(" (probe in %lld s)", (long long)(u.breaker_open_ms + 999) / 1000);
	printf("\nretry-after: %s",
	    u.blocked_ms ? "" : "none");
	if (u.blocked_ms)
		printf("%lld s left", (long long)(u.blocked_ms + 999) / 1000);
	printf("\ncache: %ld entries, %lld bytes", cs.entries, cs.bytes);
	if (cs.oldest)
		printf(", oldest from %s", page_time(when, cs.oldest));
	printf("\n");
	return 0;
}

/* Exit 0 every document validates, 1 some do not (named on stdout), 2
 * Upwork could not be asked. */
static int
check_schema(const char *user)
{
	char	*access = NULL;
	int	 rc, n;

	if (http_init(&conf) == -1)
		return 2;
	rc = oauth_access_token(&conf, user, &access);
	if (rc == 1)
		fprintf(stderr, "user %s has no Upwork authorization here: "
		    "sign in to Workdesk as that user first\n", user);
	else if (rc == -1)
		fprintf(stderr, "no access token for user %s: Upwork or the "
		    "store failed; try again later\n", user);
	n = rc == 0 ? schema_check(&conf, access, stdout) : -1;
	if (access != NULL) {
		explicit_bzero(access, strlen(access));
		free(access);
	}
	http_exit();
	return n == 0 ? 0 : n > 0 ? 1 : 2;
}

static int
serve(void)
{
	pthread_t	*th, sweep_th;
	sigset_t	 set;
	struct rlimit	 rl = { 0, 0 };
	int		 i, sig, n;

	/* K4: no core dump may carry a token or the key. */
	setrlimit(RLIMIT_CORE, &rl);
	prctl(PR_SET_DUMPABLE, 0);

	if (FCGX_Init() != 0 || http_init(&conf) == -1)
		return 1;
	if ((listen_fd = open_listener()) < 0) {
		fprintf(stderr, "cannot listen on %s: %s\n",
		    conf.listen ? conf.listen : "(none)", strerror(errno));
		return 1;
	}
	/* Workers never see SIGTERM/SIGHUP/SIGINT: this thread sigwaits. */
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);

	n = conf.threads;
	if ((th = calloc((size_t)n, sizeof(*th))) == NULL)
		return 1;
	for (i = 0; i < n; i++)
		if (pthread_create(&th[i], NULL, worker, NULL) != 0) {
			fprintf(stderr, "cannot start worker %d\n", i);
			n = i;
			stopping = 1;
			break;
		}
	if (pthread_create(&sweep_th, NULL, sweeper, NULL) != 0) {
		fprintf(stderr, "cannot start the sweeper\n");
		stopping = 1;
	}
	fprintf(stderr, "workdesk %s: serving with %d threads%s\n",
	    WORKDESK_VERSION, n, conf.sandbox ? " (Upwork sandbox)" : "");
	while (!stopping) {
		if (sigwait(&set, &sig) != 0)
			continue;
		if (sig == SIGHUP) {
			fprintf(stderr, "SIGHUP: reloading templates\n");
			if (tpl_reload() == -1)
				fprintf(stderr, "template reload failed; "
				    "keeping the old ones\n");
			continue;
		}
		stopping = 1;
	}
	/* SIGTERM: stop accepting; requests in flight finish. shutdown()
	 * wakes the workers blocked in accept(). */
	fprintf(stderr, "stopping: finishing requests in flight\n");
	FCGX_ShutdownPending();
	shutdown(listen_fd, SHUT_RDWR);
	for (i = 0; i < n; i++)
		pthread_join(th[i], NULL);
	free(th);
	pthread_mutex_lock(&sweep_mutex);
	pthread_cond_signal(&sweep_cond);
	pthread_mutex_unlock(&sweep_mutex);
	pthread_join(sweep_th, NULL);
	/* Only a socket we made: systemd's or spawn-fcgi's outlives us. */
	if (made_socket)
		unlink(conf.listen);
	http_exit();
	cache_memo_exit();
	fprintf(stderr, "stopped\n");
	return 0;
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "user", required_argument, NULL, 'u' },
		{ "all", no_argument, NULL, 'a' },
		{ NULL, 0, NULL, 0 },
	};
	const char	*cmd, *path = NULL, *user = NULL;
	long		 n;
	int		 ch, rc = 1, all = 0;

	if (argc < 2)
		usage();
	cmd = argv[1];
	if (strcmp(cmd, "version") == 0) {
		printf("workdesk %s\n", WORKDESK_VERSION);
		return 0;
	}
	optind = 2;
	while ((ch = getopt_long(argc, argv, "c:", longopts, NULL)) != -1)
		switch (ch) {
		case 'c':
			path = optarg;
			break;
		case 'u':
			user = optarg;
			break;
		case 'a':
			all = 1;
			break;
		default:
			usage();
		}
	if (path == NULL || optind != argc)
		usage();
	/* end-sessions and check-schema take --user; purge takes --user or
	 * --all. */
	if (strcmp(cmd, "purge") == 0 ? (user != NULL) == all :
	    (user != NULL) != (strcmp(cmd, "end-sessions") == 0 ||
	    strcmp(cmd, "check-schema") == 0) || all)
		usage();
	if (strcmp(cmd, "check-config") == 0) {
		rc = setup(path) == 0 ? 0 : 1;
		if (rc == 0)
			printf("%s: ok%s\n", path,
			    conf.sandbox ? " (Upwork sandbox)" : "");
	} else if (strcmp(cmd, "serve") == 0)
		rc = setup(path) == 0 ? serve() : 1;
	else if (strcmp(cmd, "end-sessions") == 0) {
		rc = 1;
		if (setup(path) == 0 && (n = user_sessions_end(user)) >= 0) {
			printf("ended %ld session(s) of user %s\n", n, user);
			rc = 0;
		}
	} else if (strcmp(cmd, "check-schema") == 0)
		rc = setup(path) == 0 ? check_schema(user) : 2;
	else if (strcmp(cmd, "sweep") == 0) {
		rc = 1;
		if (setup(path) == 0 && (n = sweep()) >= 0) {
			printf("deleted %ld record(s)\n", n);
			rc = 0;
		}
	} else if (strcmp(cmd, "status") == 0)
		rc = setup(path) == 0 ? status() : 1;
	else if (strcmp(cmd, "purge") == 0 && all) {
		rc = 1;
		if (setup(path) == 0 && (n = user_purge_all()) >= 0) {
			printf("deleted everything held about every user "
			    "(%ld records)\n", n);
			rc = 0;
		}
	} else if (strcmp(cmd, "purge") == 0) {
		rc = 1;
		if (setup(path) == 0 && user_purge(user) == 0) {
			printf("deleted everything held about user %s\n", user);
			rc = 0;
		}
	} else
		usage();
	page_docs_unload();
	page_brand_unload();
	upstream_exit();
	tpl_exit();
	crypto_key_unload();
	conf_free(&conf);
	return rc;
}
