/* cache.h: Upwork data on disk, never older than 24 hours (API Terms §7),
 * and the one way page handlers read Upwork: cache_fetch. */
#ifndef CACHE_H
#define CACHE_H

#include <jansson.h>
#include <time.h>

#include "buf.h"
#include "gql.h"

/* The ceiling of the API Terms: a constant, never a setting. */
#define CACHE_MAX_AGE_S	(24 * 3600)

struct req;
struct upwork_res;

/* The cache key of a read: "user|organization|operation|variables", the
 * variables as canonical JSON (sorted keys). Appends to out. 0 or -1. */
int	 cache_key(struct buf *out, const char *user_id, const char *org_id,
	    const char *operation, json_t *vars);
/* An entry younger than 24 h: 0 with its data and fetch time; 1 a miss
 * (absent, damaged, 24 h old or more, or dated in the future: such an
 * entry is deleted on the spot); -1 store error. */
int	 cache_get(const char *key, time_t now, struct buf *data,
	    time_t *fetched);

/* Read doc for the signed-in user of r: a fresh cache entry if there is
 * one; otherwise one call to Upwork per key however many requests miss at
 * once (the others wait for its result); and when Upwork fails, the stale
 * entry while it is younger than 24 h (out->stale). Fills out (zeroed by
 * the caller; upwork_res_free) and returns out->err. UPWORK_EAUTH means
 * the user must sign in again (tokens are gone). With r->cache_only set,
 * never calls: a fresh entry, else a stale one (out->stale), else
 * UPWORK_EUNAVAILABLE. */
int	 cache_fetch(struct req *, enum gql_doc doc, json_t *vars,
	    struct upwork_res *out);

/* Run a mutation for the signed-in user of r: never cached, never retried
 * once it may have reached Upwork (R3). Fills out; returns out->err. */
int	 cache_mutate(struct req *, enum gql_doc doc, json_t *vars,
	    struct upwork_res *out);
/* Forget the user's cached answers of doc in the current organization
 * (after a change that makes them wrong). 0 or -1. */
int	 cache_drop(struct req *, enum gql_doc doc);
/* A note about this installation's Upwork API key (a permission it
 * lacks), kept at most 24 h and then learnt again. 0 or -1; get: 0 and
 * the text; 1 none; -1 error. */
int	 cache_note_put(const char *name, const char *text);
int	 cache_note_get(const char *name, time_t now, struct buf *text);

/* Drop the parsed answers kept in memory (at exit, for leak checkers). */
void	 cache_memo_exit(void);

/* Delete entries 24 h old or more (or dated in the future). Count or -1. */
long	 cache_sweep(time_t now);
/* Delete every entry of user_id. 0 or -1. */
int	 cache_purge_user(const char *user_id);

struct cache_stats {
	long		 entries;
	long long	 bytes;
	time_t		 oldest;	/* fetch time of the oldest entry, or 0 */
};
int	 cache_stats(struct cache_stats *);

#endif /* CACHE_H */
