/* store.h: the file store: atomic, locked, checksummed records under data_dir.
 *
 * Every record is one file named by the SHA-256 of its key, written to a
 * temp file and renamed into place (security bar §3, W1-W6). The full key is
 * stored and compared, so a hash collision or a copied file is a miss. */
#ifndef STORE_H
#define STORE_H

#include <stddef.h>
#include <time.h>

#include "buf.h"

enum store_kind {
	STORE_SESSION,	/* key: SHA-256 of the session id */
	STORE_LOGIN,	/* key: SHA-256 of the pre-login cookie */
	STORE_TOKENS,	/* key: Upwork user id; payload sealed by crypto_seal */
	STORE_USER,	/* key: Upwork user id; the user's own preferences */
	STORE_CACHE,	/* key: user|org|operation|variables; at most 24 h */
	STORE_FORM,	/* key: SHA-256 of user|nonce; a form sent once (C4) */
	STORE__MAX
};

#define STORE_KEY_MAX		1024
#define STORE_PAYLOAD_MAX	(4 * 1024 * 1024)

/* Create or check data_dir and its sub-directories (0700, ours). 0 or -1
 * with a message on stderr. */
int	 store_init(const char *data_dir);
/* The store still works: every directory is there and writable. 0 or -1. */
int	 store_check(void);
/* Name of a kind's sub-directory ("sessions", ...). */
const char *store_kind_name(enum store_kind);

/* Write key's record atomically, with time t (fetched/last-seen time). All
 * kinds but STORE_CACHE are fsync'd (file, then directory) before success
 * is reported. Takes the key's lock. 0 or -1 (the old record stays). */
int	 store_put(enum store_kind, const char *key, const void *data,
	    size_t len, time_t t);
/* The same, for a caller already holding store_lock on key. */
int	 store_put_locked(enum store_kind, const char *key, const void *data,
	    size_t len, time_t t);
/* Read key's record into out (appended), its time into *t. Takes no lock.
 * 0 found; 1 miss (absent, damaged or another key); -1 I/O error. */
int	 store_get(enum store_kind, const char *key, struct buf *out, time_t *t);
/* For a caller that keeps records it has checked and compares bytes
 * instead of checking again (cache.c's memo): key's record file as it is
 * on disk, unchecked, into *rec (malloc'd; the caller frees) and *size.
 * Takes no lock. 0; 1 absent, or no record could have its size; -1 I/O
 * error. */
int	 store_get_bytes(enum store_kind, const char *key, unsigned char **rec,
	    size_t *size);
/* Check bytes from store_get_bytes: 0 a whole, undamaged record of key,
 * with its payload (pointing into rec), its length and the record time;
 * 1 not (store_get drops such a record). */
int	 store_open_bytes(enum store_kind, const char *key,
	    const unsigned char *rec, size_t size, const char **payload,
	    size_t *len, time_t *t);
/* Read and delete in one locked step: a record is taken at most once. */
int	 store_take(enum store_kind, const char *key, struct buf *out,
	    time_t *t);
/* Delete key's record. 0 (also when absent) or -1. */
int	 store_del(enum store_kind, const char *key);
int	 store_del_locked(enum store_kind, const char *key);

/* Exclusive lock serialising writers of key (and of the keys sharing its
 * bucket) across threads and processes. Returns a descriptor for
 * store_unlock, or -1. Never call store_put (the locking one) on a key of
 * the same kind while holding this. */
int	 store_lock(enum store_kind, const char *key);
void	 store_unlock(int fd);

/* Delete records of kind whose time is before not_before or after not_after,
 * and temp files older than 10 minutes. Returns how many were deleted, or -1. */
long	 store_sweep(enum store_kind, time_t not_before, time_t not_after);

/* Call fn for every valid record of kind (key, payload, time); stops when fn
 * returns non-zero. For sweeps and per-user purges. 0 or -1. */
int	 store_walk(enum store_kind,
	    int (*fn)(const char *key, const void *data, size_t len, time_t t,
	    void *arg), void *arg);

/* Count the records of kind for which match(key, data, len, arg) is
 * non-zero and, with del, delete them (each under its key's lock, after the
 * walk). For per-user purges. Count, or -1 if any could not be read or
 * deleted. */
long	 store_select(enum store_kind,
	    int (*match)(const char *key, const void *data, size_t len,
	    void *arg), void *arg, int del);

#endif /* STORE_H */
