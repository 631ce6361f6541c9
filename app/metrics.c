/* metrics.c: request counters and a latency histogram, kept in memory
 * under one mutex (a handful of additions per request), written out in
 * the Prometheus text exposition format. The upstream figures come from
 * the shared state file (upstream_status), so they are the install's,
 * not only this process's. */
#include <pthread.h>
#include <string.h>

#include "cache.h"
#include "metrics.h"
#include "upstream.h"

/* Routes times statuses: the route table has about fifty names and a
 * route answers a few statuses, so this never fills in practice; if it
 * does, the rest are counted under route "other". */
#define SERIES_MAX	512

static const long bounds_ms[] = {
	5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000,
};
#define NBOUNDS	(sizeof(bounds_ms) / sizeof(bounds_ms[0]))

static pthread_mutex_t	 mu = PTHREAD_MUTEX_INITIALIZER;
static struct series {
	const char		*route;
	int			 status;
	unsigned long long	 n;
}			 series[SERIES_MAX];
static size_t		 nseries;
static unsigned long long other[600];	/* by status, when series is full */
static unsigned long long buckets[NBOUNDS + 1];	/* the last is +Inf */
static unsigned long long count, sum_ms;
static unsigned long long upstream, hits, misses;

void
metrics_observe(const char *route, int status, long ms,
    unsigned upstream_calls, unsigned cache_hits, unsigned cache_misses)
{
	size_t	 i;

	if (route == NULL)
		route = "-";
	if (ms < 0)
		ms = 0;
	pthread_mutex_lock(&mu);
	for (i = 0; i < nseries; i++)
		if (series[i].status == status &&
		    strcmp(series[i].route, route) == 0)
			break;
	if (i < nseries)
		series[i].n++;
	else if (nseries < SERIES_MAX) {
		series[nseries].route = route;
		series[nseries].status = status;
		series[nseries++].n = 1;
	} else if (status >= 0 && status < 600)
		other[status]++;
	for (i = 0; i < NBOUNDS && ms > bounds_ms[i]; i++)
		continue;
	buckets[i]++;
	count++;
	sum_ms += (unsigned long long)ms;
	upstream += upstream_calls;
	hits += cache_hits;
	misses += cache_misses;
	pthread_mutex_unlock(&mu);
}

static int
write_requests(struct buf *o)
{
	unsigned long long	 cum = 0;
	size_t			 i;
	int			 bad = 0;

	bad |= buf_puts(o, "# HELP workdesk_requests_total Requests answered, "
	    "by route and HTTP status.\n"
	    "# TYPE workdesk_requests_total counter\n");
	for (i = 0; i < nseries; i++)
		bad |= buf_printf(o, "workdesk_requests_total{route=\"%s\","
		    "status=\"%d\"} %llu\n", series[i].route, series[i].status,
		    series[i].n);
	for (i = 0; i < 600; i++)
		if (other[i])
			bad |= buf_printf(o, "workdesk_requests_total{route="
			    "\"other\",status=\"%zu\"} %llu\n", i, other[i]);
	bad |= buf_puts(o, "# HELP workdesk_request_duration_seconds Time "
	    "from the request's arrival to its answer.\n"
	    "# TYPE workdesk_request_duration_seconds histogram\n");
	for (i = 0; i < NBOUNDS; i++) {
		cum += buckets[i];
		bad |= buf_printf(o, "workdesk_request_duration_seconds_bucket"
		    "{le=\"%ld.%03ld\"} %llu\n", bounds_ms[i] / 1000,
		    bounds_ms[i] % 1000, cum);
	}
	cum += buckets[NBOUNDS];
	bad |= buf_printf(o, "workdesk_request_duration_seconds_bucket"
	    "{le=\"+Inf\"} %llu\n", cum);
	bad |= buf_printf(o, "workdesk_request_duration_seconds_sum "
	    "%llu.%03llu\n", sum_ms / 1000, sum_ms % 1000);
	bad |= buf_printf(o, "workdesk_request_duration_seconds_count %llu\n",
	    count);
	bad |= buf_printf(o, "# HELP workdesk_cache_lookups_total Reads of "
	    "Upwork data, answered from the cache (hit) or not (miss).\n"
	    "# TYPE workdesk_cache_lookups_total counter\n"
	    "workdesk_cache_lookups_total{result=\"hit\"} %llu\n"
	    "workdesk_cache_lookups_total{result=\"miss\"} %llu\n", hits,
	    misses);
	bad |= buf_printf(o, "# HELP workdesk_request_upstream_calls_total "
	    "Calls to Upwork made for requests of this process.\n"
	    "# TYPE workdesk_request_upstream_calls_total counter\n"
	    "workdesk_request_upstream_calls_total %llu\n", upstream);
	return bad ? -1 : 0;
}

int
metrics_write(struct buf *o)
{
	struct upstream_status	 u;
	struct cache_stats	 cs;
	int			 bad;

	pthread_mutex_lock(&mu);
	bad = write_requests(o);
	pthread_mutex_unlock(&mu);
	if (bad || upstream_status(&u) == -1 || cache_stats(&cs) == -1)
		return -1;
	bad |= buf_printf(o, "# HELP workdesk_upstream_calls_total Calls to "
	    "Upwork by the whole installation.\n"
	    "# TYPE workdesk_upstream_calls_total counter\n"
	    "workdesk_upstream_calls_total %llu\n", u.total_calls);
	bad |= buf_printf(o, "# HELP workdesk_upstream_429_total Answers "
	    "429 (rate limited) from Upwork.\n"
	    "# TYPE workdesk_upstream_429_total counter\n"
	    "workdesk_upstream_429_total %llu\n", u.total_429);
	bad |= buf_printf(o, "# HELP workdesk_upstream_calls_last_minute "
	    "Calls to Upwork in the last minute, and of them failures, "
	    "retries and 429s.\n"
	    "# TYPE workdesk_upstream_calls_last_minute gauge\n"
	    "workdesk_upstream_calls_last_minute{kind=\"all\"} %u\n"
	    "workdesk_upstream_calls_last_minute{kind=\"failed\"} %u\n"
	    "workdesk_upstream_calls_last_minute{kind=\"retry\"} %u\n"
	    "workdesk_upstream_calls_last_minute{kind=\"429\"} %u\n",
	    u.calls_minute, u.failures_minute, u.retries_minute,
	    u.limited_minute);
	bad |= buf_printf(o, "# HELP workdesk_upstream_calls_today Calls to "
	    "Upwork today, against the daily cap (0: none).\n"
	    "# TYPE workdesk_upstream_calls_today gauge\n"
	    "workdesk_upstream_calls_today %u\n"
	    "# HELP workdesk_upstream_daily_cap The config's daily cap.\n"
	    "# TYPE workdesk_upstream_daily_cap gauge\n"
	    "workdesk_upstream_daily_cap %u\n", u.calls_day, u.daily_cap);
	bad |= buf_printf(o, "# HELP workdesk_upstream_breaker_state The "
	    "circuit breaker towards Upwork: 1 for its current state.\n"
	    "# TYPE workdesk_upstream_breaker_state gauge\n"
	    "workdesk_upstream_breaker_state{state=\"closed\"} %d\n"
	    "workdesk_upstream_breaker_state{state=\"open\"} %d\n"
	    "workdesk_upstream_breaker_state{state=\"half-open\"} %d\n",
	    strcmp(u.breaker, "closed") == 0, strcmp(u.breaker, "open") == 0,
	    strcmp(u.breaker, "half-open") == 0);
	bad |= buf_printf(o, "# HELP workdesk_upstream_blocked_seconds What "
	    "is left of Upwork's Retry-After.\n"
	    "# TYPE workdesk_upstream_blocked_seconds gauge\n"
	    "workdesk_upstream_blocked_seconds %lld.%03lld\n",
	    (long long)u.blocked_ms / 1000, (long long)u.blocked_ms % 1000);
	bad |= buf_printf(o, "# HELP workdesk_cache_entries Upwork answers "
	    "held on disk (none older than 24 h).\n"
	    "# TYPE workdesk_cache_entries gauge\n"
	    "workdesk_cache_entries %ld\n"
	    "# HELP workdesk_cache_bytes Their size.\n"
	    "# TYPE workdesk_cache_bytes gauge\n"
	    "workdesk_cache_bytes %lld\n", cs.entries, cs.bytes);
	return bad ? -1 : 0;
}
