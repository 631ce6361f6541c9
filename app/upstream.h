/* upstream.h: call discipline towards Upwork, shared by every thread and
 * process of an install (security bar R4-R6): the rate limiter, the daily
 * cap, Retry-After, the circuit breaker and the retry budget. */
#ifndef UPSTREAM_H
#define UPSTREAM_H

#include <stdint.h>

struct conf;

/* Why a call may not be made now (upstream_acquire). */
enum upstream_refusal {
	UPSTREAM_GO,		/* admitted: make the call, then upstream_done */
	UPSTREAM_RATE,		/* the limiter's wait would pass the deadline */
	UPSTREAM_BLOCKED,	/* Upwork's Retry-After ends after the deadline */
	UPSTREAM_OPEN,		/* the circuit breaker is open */
	UPSTREAM_DAILY,		/* the daily cap is reached */
};

enum upstream_outcome {
	UPSTREAM_OK,		/* an answer that says Upwork works (2xx-4xx) */
	UPSTREAM_FAILED,	/* no answer, 5xx */
	UPSTREAM_LIMITED,	/* 429 */
};

struct upstream_status {
	unsigned	 calls_minute, calls_day;
	unsigned	 rate_per_s, daily_cap;
	unsigned	 failures_minute, retries_minute, limited_minute;
	unsigned long long total_calls, total_429;
	const char	*breaker;	/* "closed", "open", "half-open" */
	int64_t		 breaker_open_ms;	/* ms until it may probe, or 0 */
	int64_t		 blocked_ms;		/* ms of Retry-After left, or 0 */
};

/* Open (creating) the shared state file data_dir/upstream.state. 0 or -1. */
int	 upstream_init(const struct conf *);
void	 upstream_exit(void);
/* Milliseconds on the clock the deadlines use (CLOCK_MONOTONIC). */
int64_t	 upstream_now_ms(void);
/* Ask to make one call. Waits (sleeping outside every lock) while the
 * limiter or a Retry-After requires it, if the wait ends before
 * deadline_ms; otherwise returns the refusal at once. *probe is set when
 * this call is the breaker's half-open probe. */
enum upstream_refusal upstream_acquire(int64_t deadline_ms, int *probe);
/* The outcome of an admitted call; retry_after_ms is the absolute time
 * (upstream_now_ms clock) Upwork asked us to wait until, or 0. */
void	 upstream_done(enum upstream_outcome, int probe, int64_t retry_after_ms);
/* May one more retry be made now (the install-wide budget: at most 10 % of
 * the last minute's calls, and at least one a minute)? Counts it if so. */
int	 upstream_retry_ok(void);
/* Parse a Retry-After value (delta-seconds or an HTTP-date) into an
 * absolute upstream_now_ms time. 0 when absent or unreadable. */
int64_t	 upstream_retry_after(const char *value);
/* A snapshot for `workdesk status` and the admin page. 0 or -1. */
int	 upstream_status(struct upstream_status *);
const char *upstream_refusal_name(enum upstream_refusal);

#endif /* UPSTREAM_H */
