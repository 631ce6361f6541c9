/* page-admin.c: /admin, the operator's view of the calls to Upwork and the
 * cache (the same figures as `workdesk status`), and /admin/metrics, the
 * same and the request counters for Prometheus, for the Upwork user ids
 * listed in the config's `admins`; /healthz for load balancers and
 * monitors, which needs no session and shows no data. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cache.h"
#include "conf.h"
#include "metrics.h"
#include "page.h"
#include "req.h"
#include "session.h"
#include "store.h"
#include "upstream.h"

/* user_id is one of the comma-separated ids in list. */
static int
listed(const char *list, const char *user_id)
{
	size_t	 n = strlen(user_id), len;

	while (list != NULL && *list != '\0') {
		list += strspn(list, " ,");
		len = strcspn(list, " ,");
		if (len == n && len > 0 && strncmp(list, user_id, n) == 0)
			return 1;
		list += len;
	}
	return 0;
}

static int
not_admin(struct req *r)
{
	return page_error(r, 403, "For the operator only",
	    "This page shows how the whole installation uses Upwork.",
	    "The operator can list your Upwork user id under `admins` in the "
	    "config.", NULL);
}

int
page_admin(struct req *r)
{
	struct upstream_status	 u;
	struct cache_stats	 cs;
	struct tpl_dict		*d, *b;
	char			 when[PAGE_TIME_LEN], note[64];

	if (!listed(r->conf->admins, r->sess->user_id))
		return not_admin(r);
	if (upstream_status(&u) == -1 || cache_stats(&cs) == -1)
		return 500;
	if ((d = page_begin(r, "Operator status", TPL_ADMIN, &b, 0)) == NULL)
		return 500;
	tpl_set(b, "NOW", page_time(when, time(NULL)));
	tpl_set_int(b, "CALLS_MINUTE", u.calls_minute);
	tpl_set_int(b, "RATE", u.rate_per_s);
	tpl_set_int(b, "CALLS_DAY", u.calls_day);
	tpl_set_int(b, "DAILY_CAP", u.daily_cap);
	tpl_set_int(b, "FAILURES_MINUTE", u.failures_minute);
	tpl_set_int(b, "RETRIES_MINUTE", u.retries_minute);
	tpl_set_int(b, "LIMITED_MINUTE", u.limited_minute);
	tpl_set_int(b, "TOTAL_429", (long long)u.total_429);
	tpl_set(b, "BREAKER", u.breaker);
	note[0] = '\0';
	if (u.breaker_open_ms)
		snprintf(note, sizeof(note), "one probe call in %lld s",
		    (long long)(u.breaker_open_ms + 999) / 1000);
	tpl_set(b, "BREAKER_NOTE", note);
	if (u.blocked_ms)
		snprintf(note, sizeof(note), "%lld s left",
		    (long long)(u.blocked_ms + 999) / 1000);
	else
		snprintf(note, sizeof(note), "none");
	tpl_set(b, "BLOCKED", note);
	tpl_set_int(b, "CACHE_ENTRIES", cs.entries);
	tpl_set_int(b, "CACHE_BYTES", cs.bytes);
	tpl_set(b, "CACHE_OLDEST", cs.oldest ? page_time(when, cs.oldest) :
	    "none");
	return page_end(r, d, 200);
}

int
page_metrics(struct req *r)
{
	if (!listed(r->conf->admins, r->sess->user_id))
		return not_admin(r);
	buf_reset(&r->body);
	if (metrics_write(&r->body) == -1)
		return 500;
	r->content_type = "text/plain; version=0.0.4; charset=utf-8";
	return 200;
}

/* Up when the store answers and its directories are still writable
 * (a full or read-only disk, a deleted data_dir). Nothing else: no
 * session is read and nothing about users is said. */
int
page_healthz(struct req *r)
{
	int	 ok = store_check() == 0;

	buf_reset(&r->body);
	buf_puts(&r->body, ok ? "ok\n" : "store unavailable\n");
	r->content_type = "text/plain; charset=utf-8";
	return ok ? 200 : 503;
}
