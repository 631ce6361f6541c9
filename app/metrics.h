/* metrics.h: what this process has served since it started, for the
 * operator's Prometheus scrape (/admin/metrics). Counts only: no user, no
 * path beyond the route's name, no Upwork data. */
#ifndef METRICS_H
#define METRICS_H

#include "buf.h"

/* One finished request: its route name (a static string from the route
 * table, or "-"), status, time taken, and its calls and cache lookups. */
void	 metrics_observe(const char *route, int status, long ms,
	    unsigned upstream_calls, unsigned cache_hits,
	    unsigned cache_misses);
/* Append everything in the Prometheus text format (version 0.0.4),
 * with the install-wide upstream and cache figures. 0 or -1. */
int	 metrics_write(struct buf *out);

#endif /* METRICS_H */
