/* store.c: the file store.
 *
 * Layout: data_dir/{sessions,logins,tokens,users,cache}/<sha256(key)> and
 * data_dir/locks/<kind>-<first two hex digits>.lock (256 lock files a kind,
 * never unlinked, so flock always names the same inode).
 *
 * Record: "WDR1" | version(1) | kind(1) | 0(2) | time(8, big-endian) |
 * key length(4) | payload length(4) | key | payload | BLAKE2b-256 of all
 * that precedes it (32). A reader that finds anything else sees a miss. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "crypto.h"
#include "store.h"

#define MAGIC		"WDR1"
#define VERSION		1
#define HDR_LEN		24
#define SUM_LEN		32
#define TMP_MAX_AGE_S	600

static const char *const kind_dirs[STORE__MAX] = {
	"sessions",	/* STORE_SESSION */
	"logins",	/* STORE_LOGIN */
	"tokens",	/* STORE_TOKENS */
	"users",	/* STORE_USER */
	"cache",	/* STORE_CACHE */
	"forms",	/* STORE_FORM */
};

/* Directory descriptors, opened once by store_init; read-only after. */
static int	 kind_fd[STORE__MAX] = { -1, -1, -1, -1, -1, -1 };
static int	 lock_dirfd = -1;

const char *
store_kind_name(enum store_kind k)
{
	return kind_dirs[k];
}

static int
check_dir(int dirfd, const char *name, const char *shown)
{
	struct stat	 st;

	if (mkdirat(dirfd, name, 0700) == -1 && errno != EEXIST) {
		fprintf(stderr, "%s: cannot create: %s\n", shown,
		    strerror(errno));
		return -1;
	}
	if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == -1 ||
	    !S_ISDIR(st.st_mode)) {
		fprintf(stderr, "%s: not a directory\n", shown);
		return -1;
	}
	if (st.st_uid != geteuid() || (st.st_mode & 077)) {
		fprintf(stderr, "%s: must be owned by uid %u with mode 0700 "
		    "(owner %u, mode %03o)\n", shown, (unsigned)geteuid(),
		    (unsigned)st.st_uid, (unsigned)(st.st_mode & 0777));
		return -1;
	}
	return 0;
}

int
store_init(const char *data_dir)
{
	char	 shown[PATH_MAX];
	int	 root, i;

	umask(077);
	if (check_dir(AT_FDCWD, data_dir, data_dir) == -1)
		return -1;
	if ((root = open(data_dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC)) == -1) {
		fprintf(stderr, "%s: %s\n", data_dir, strerror(errno));
		return -1;
	}
	for (i = 0; i < STORE__MAX; i++) {
		snprintf(shown, sizeof(shown), "%s/%s", data_dir, kind_dirs[i]);
		if (check_dir(root, kind_dirs[i], shown) == -1)
			goto bad;
		if (kind_fd[i] != -1)
			close(kind_fd[i]);
		if ((kind_fd[i] = openat(root, kind_dirs[i], O_RDONLY |
		    O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) == -1)
			goto bad;
	}
	snprintf(shown, sizeof(shown), "%s/locks", data_dir);
	if (check_dir(root, "locks", shown) == -1)
		goto bad;
	if (lock_dirfd != -1)
		close(lock_dirfd);
	if ((lock_dirfd = openat(root, "locks", O_RDONLY | O_DIRECTORY |
	    O_NOFOLLOW | O_CLOEXEC)) == -1)
		goto bad;
	close(root);
	return 0;
bad:
	close(root);
	return -1;
}

int
store_check(void)
{
	struct stat	 st;
	int		 k;

	for (k = 0; k < STORE__MAX; k++)
		if (kind_fd[k] == -1 || fstat(kind_fd[k], &st) == -1 ||
		    st.st_nlink == 0 || faccessat(kind_fd[k], ".", W_OK,
		    AT_EACCESS) == -1)
			return -1;
	return lock_dirfd == -1 || fstat(lock_dirfd, &st) == -1 ||
	    st.st_nlink == 0 ? -1 : 0;
}

static void
put_be(unsigned char *p, uint64_t v, int n)
{
	while (n--) {
		p[n] = (unsigned char)(v & 0xff);
		v >>= 8;
	}
}

static uint64_t
get_be(const unsigned char *p, int n)
{
	uint64_t v = 0;

	while (n--)
		v = v << 8 | *p++;
	return v;
}

/* The locks this thread holds, so that taking one again (store_del inside
 * a locked read-modify-write, say) nests instead of deadlocking: a second
 * open of the lock file would be a second open file description, and flock
 * would make the thread wait for itself. */
#define HELD_MAX	8
static _Thread_local struct {
	int	 fd;
	int	 depth;		/* 0: the slot is free */
	int	 kind;
	char	 bucket[3];
} held[HELD_MAX];

int
store_lock(enum store_kind k, const char *key)
{
	char	 hash[CRYPTO_HEX_LEN + 1], name[32];
	int	 fd, i, free_slot = -1;

	crypto_sha256_hex(key, strlen(key), hash);
	for (i = 0; i < HELD_MAX; i++) {
		if (held[i].depth == 0) {
			if (free_slot == -1)
				free_slot = i;
		} else if (held[i].kind == (int)k &&
		    memcmp(held[i].bucket, hash, 2) == 0) {
			held[i].depth++;
			return held[i].fd;
		}
	}
	snprintf(name, sizeof(name), "%s-%.2s.lock", kind_dirs[k], hash);
	fd = openat(lock_dirfd, name, O_RDWR | O_CREAT | O_NOFOLLOW |
	    O_CLOEXEC, 0600);
	if (fd == -1)
		return -1;
	while (flock(fd, LOCK_EX) == -1)
		if (errno != EINTR) {
			close(fd);
			return -1;
		}
	if (free_slot != -1) {
		held[free_slot].fd = fd;
		held[free_slot].depth = 1;
		held[free_slot].kind = (int)k;
		memcpy(held[free_slot].bucket, hash, 2);
		held[free_slot].bucket[2] = '\0';
	}
	return fd;
}

void
store_unlock(int fd)
{
	int	 i;

	if (fd == -1)
		return;
	for (i = 0; i < HELD_MAX; i++)
		if (held[i].depth > 0 && held[i].fd == fd) {
			if (--held[i].depth > 0)
				return;
			break;
		}
	close(fd);	/* closing the description releases the flock */
}

static int
write_all(int fd, const void *p, size_t n)
{
	const char	*c = p;
	ssize_t		 w;

	while (n > 0) {
		if ((w = write(fd, c, n)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		c += w;
		n -= (size_t)w;
	}
	return 0;
}

int
store_put_locked(enum store_kind k, const char *key, const void *data,
    size_t len, time_t t)
{
	unsigned char	 hdr[HDR_LEN], sum[SUM_LEN], rnd[8];
	char		 name[CRYPTO_HEX_LEN + 1], tmp[32], bak[32];
	crypto_generichash_state st;
	size_t		 klen = strlen(key);
	int		 fd, durable = k != STORE_CACHE, dfd = kind_fd[k];
	int		 have_bak = 0;

	if (klen == 0 || klen > STORE_KEY_MAX || len > STORE_PAYLOAD_MAX)
		return -1;
	crypto_sha256_hex(key, klen, name);
	randombytes_buf(rnd, sizeof(rnd));
	snprintf(tmp, sizeof(tmp), ".tmp.%02x%02x%02x%02x%02x%02x%02x%02x",
	    rnd[0], rnd[1], rnd[2], rnd[3], rnd[4], rnd[5], rnd[6], rnd[7]);

	memcpy(hdr, MAGIC, 4);
	hdr[4] = VERSION;
	hdr[5] = (unsigned char)k;
	hdr[6] = hdr[7] = 0;
	put_be(hdr + 8, (uint64_t)(int64_t)t, 8);
	put_be(hdr + 16, klen, 4);
	put_be(hdr + 20, len, 4);
	crypto_generichash_init(&st, NULL, 0, SUM_LEN);
	crypto_generichash_update(&st, hdr, HDR_LEN);
	crypto_generichash_update(&st, (const unsigned char *)key, klen);
	crypto_generichash_update(&st, data, len);
	crypto_generichash_final(&st, sum, SUM_LEN);

	/* W1: a fresh temp file in the same directory. */
	fd = openat(dfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
	    O_CLOEXEC, 0600);
	if (fd == -1)
		return -1;
	/* W2, W3: the whole record, then fsync, then a checked close. */
	if (write_all(fd, hdr, HDR_LEN) == -1 ||
	    write_all(fd, key, klen) == -1 ||
	    write_all(fd, data, len) == -1 ||
	    write_all(fd, sum, SUM_LEN) == -1 ||
	    (durable && fsync(fd) == -1)) {
		close(fd);
		goto bad;
	}
	if (close(fd) == -1)
		goto bad;
	/* A durable write that fails after the rename (W5) must leave the old
	 * record, like any other failure (W6): keep it under a second name
	 * until the directory is synced. The sweep removes a leftover. */
	if (durable) {
		memcpy(bak, tmp, sizeof(bak));
		memcpy(bak + 5, "bak", 3);
		if (linkat(dfd, name, dfd, bak, 0) == 0) {
			have_bak = 1;
			/* The link shares the old record's mtime; make it
			 * new so the sweep's 10-minute rule for temp files
			 * cannot take it during this write. */
			utimensat(dfd, bak, NULL, AT_SYMLINK_NOFOLLOW);
		} else if (errno != ENOENT)
			goto bad;
	}
	/* W4: atomic replace. */
	if (renameat(dfd, tmp, dfd, name) == -1)
		goto bad;
	/* W5: make the rename durable. */
	if (durable && fsync(dfd) == -1) {
		/* Best effort on a disk that is already failing: the caller
		 * learns of the failure either way. */
		if (have_bak)
			renameat(dfd, bak, dfd, name);
		else
			unlinkat(dfd, name, 0);
		fsync(dfd);
		return -1;
	}
	if (have_bak)
		unlinkat(dfd, bak, 0);
	return 0;
bad:
	/* W6: the old record is untouched. */
	unlinkat(dfd, tmp, 0);
	if (have_bak)
		unlinkat(dfd, bak, 0);
	return -1;
}

int
store_put(enum store_kind k, const char *key, const void *data, size_t len,
    time_t t)
{
	int	 lk, rc;

	if ((lk = store_lock(k, key)) == -1)
		return -1;
	rc = store_put_locked(k, key, data, len, t);
	store_unlock(lk);
	return rc;
}

/* Open kind k's record file name for reading; a link is never followed. */
static int
open_record(enum store_kind k, const char *name)
{
	return openat(kind_fd[k], name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
}

/* Read one open record file whole, unchecked, into *rec (malloc'd) and
 * *size. 0; 1 when it cannot be a record (not a regular file, a size no
 * record has, cut short while read); -1 I/O error. */
static int
read_bytes(int fd, unsigned char **rec, size_t *size)
{
	struct stat	 st;
	size_t		 got = 0;
	ssize_t		 n;

	*rec = NULL;
	*size = 0;
	if (fstat(fd, &st) == -1)
		return -1;
	if (!S_ISREG(st.st_mode) || st.st_size < HDR_LEN + SUM_LEN ||
	    st.st_size > HDR_LEN + STORE_KEY_MAX + STORE_PAYLOAD_MAX + SUM_LEN)
		return 1;
	if ((*rec = malloc((size_t)st.st_size)) == NULL)
		return -1;
	while (got < (size_t)st.st_size) {
		n = read(fd, *rec + got, (size_t)st.st_size - got);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0) {
			sodium_memzero(*rec, (size_t)st.st_size);
			free(*rec);
			*rec = NULL;
			return n == 0 ? 1 : -1;
		}
		got += (size_t)n;
	}
	*size = got;
	return 0;
}

/* Check a record's bytes: 0 a whole record of kind k (and of want_key,
 * when given), with its key's and payload's offsets and lengths and its
 * time; 1 not. */
static int
check_record(const unsigned char *rec, size_t size, enum store_kind k,
    const char *want_key, size_t *klen, size_t *plen, time_t *t)
{
	unsigned char	 sum[SUM_LEN];

	if (size < HDR_LEN + SUM_LEN || memcmp(rec, MAGIC, 4) != 0 ||
	    rec[4] != VERSION || rec[5] != k)
		return 1;
	*klen = get_be(rec + 16, 4);
	*plen = get_be(rec + 20, 4);
	if (*klen == 0 || *klen > STORE_KEY_MAX || *plen > STORE_PAYLOAD_MAX ||
	    HDR_LEN + *klen + *plen + SUM_LEN != size)
		return 1;
	crypto_generichash(sum, SUM_LEN, rec, size - SUM_LEN, NULL, 0);
	if (sodium_memcmp(sum, rec + size - SUM_LEN, SUM_LEN) != 0)
		return 1;
	if (want_key != NULL && (strlen(want_key) != *klen ||
	    memcmp(rec + HDR_LEN, want_key, *klen) != 0))
		return 1;
	*t = (time_t)(int64_t)get_be(rec + 8, 8);
	return 0;
}

/* Read and verify one open record file. 0 valid (payload appended to out
 * when out != NULL), 1 invalid, -1 I/O error. *key_out, if given, receives
 * a copy of the stored key (caller frees). */
static int
read_record(int fd, enum store_kind k, const char *want_key, struct buf *out,
    time_t *t, char **key_out)
{
	unsigned char	*rec;
	size_t		 size, klen, plen;
	time_t		 when;
	int		 rc;

	if ((rc = read_bytes(fd, &rec, &size)) != 0)
		return rc;
	if ((rc = check_record(rec, size, k, want_key, &klen, &plen,
	    &when)) != 0)
		goto out;
	rc = -1;
	if (key_out != NULL &&
	    (*key_out = strndup((char *)rec + HDR_LEN, klen)) == NULL)
		goto out;
	if (out != NULL && buf_append(out, rec + HDR_LEN + klen, plen) == -1) {
		if (key_out != NULL) {
			free(*key_out);
			*key_out = NULL;
		}
		goto out;
	}
	if (t != NULL)
		*t = when;
	rc = 0;
out:
	sodium_memzero(rec, size);
	free(rec);
	return rc;
}

int
store_get_bytes(enum store_kind k, const char *key, unsigned char **rec,
    size_t *size)
{
	char	 name[CRYPTO_HEX_LEN + 1];
	int	 fd, rc;

	*rec = NULL;
	*size = 0;
	crypto_sha256_hex(key, strlen(key), name);
	if ((fd = open_record(k, name)) == -1)
		return errno == ENOENT ? 1 : -1;
	rc = read_bytes(fd, rec, size);
	close(fd);
	return rc;
}

int
store_open_bytes(enum store_kind k, const char *key, const unsigned char *rec,
    size_t size, const char **payload, size_t *len, time_t *t)
{
	size_t	 klen;

	if (check_record(rec, size, k, key, &klen, len, t) != 0)
		return 1;
	*payload = (const char *)rec + HDR_LEN + klen;
	return 0;
}

/* Open and read key's record. As read_record; 1 also when absent. */
static int
get_record(enum store_kind k, const char *key, const char *name,
    struct buf *out, time_t *t, int *absent)
{
	int	 fd, rc;

	*absent = 0;
	if ((fd = open_record(k, name)) == -1) {
		*absent = errno == ENOENT;
		return *absent ? 1 : -1;
	}
	rc = read_record(fd, k, key, out, t, NULL);
	close(fd);
	return rc;
}

int
store_get(enum store_kind k, const char *key, struct buf *out, time_t *t)
{
	char	 name[CRYPTO_HEX_LEN + 1];
	size_t	 at = out ? out->len : 0;
	int	 rc, absent, lk;

	crypto_sha256_hex(key, strlen(key), name);
	rc = get_record(k, key, name, out, t, &absent);
	if (rc != 1 || absent)
		return rc;
	/* Damaged, truncated, or another key's record under this name: a
	 * miss, and the file goes. Under the key's lock, and only if it is
	 * still invalid then (a writer may have just replaced it). */
	if ((lk = store_lock(k, key)) == -1)
		return 1;
	if (out != NULL)
		out->len = at;
	rc = get_record(k, key, name, out, t, &absent);
	if (rc == 1 && !absent && unlinkat(kind_fd[k], name, 0) == 0)
		fprintf(stderr, "store: an invalid %s record was deleted\n",
		    kind_dirs[k]);
	store_unlock(lk);
	if (rc == 1 && out != NULL) {
		out->len = at;
		if (out->p)
			out->p[at] = '\0';
	}
	return rc;
}

int
store_del_locked(enum store_kind k, const char *key)
{
	char	 name[CRYPTO_HEX_LEN + 1];

	crypto_sha256_hex(key, strlen(key), name);
	if (unlinkat(kind_fd[k], name, 0) == -1 && errno != ENOENT)
		return -1;
	if (k != STORE_CACHE && fsync(kind_fd[k]) == -1)
		return -1;
	return 0;
}

int
store_del(enum store_kind k, const char *key)
{
	int	 lk, rc;

	if ((lk = store_lock(k, key)) == -1)
		return -1;
	rc = store_del_locked(k, key);
	store_unlock(lk);
	return rc;
}

int
store_take(enum store_kind k, const char *key, struct buf *out, time_t *t)
{
	int	 lk, rc;

	if ((lk = store_lock(k, key)) == -1)
		return -1;
	rc = store_get(k, key, out, t);
	if (rc != -1 && store_del_locked(k, key) == -1)
		rc = -1;
	store_unlock(lk);
	return rc;
}

/* The file name is the hash of the key it stores. */
static int
named_by(const char *name, const char *key)
{
	char	 want[CRYPTO_HEX_LEN + 1];

	crypto_sha256_hex(key, strlen(key), want);
	return strcmp(name, want) == 0;
}

/* A directory stream of its own: a dup() would share the offset with
 * kind_fd and with every other thread walking the same kind. */
static DIR *
open_kind_dir(enum store_kind k)
{
	DIR	*d;
	int	 fd;

	fd = openat(kind_fd[k], ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd == -1)
		return NULL;
	if ((d = fdopendir(fd)) == NULL)
		close(fd);
	return d;
}

int
store_walk(enum store_kind k,
    int (*fn)(const char *, const void *, size_t, time_t, void *), void *arg)
{
	struct buf	 payload = BUF_INIT;
	struct dirent	*de;
	DIR		*d;
	char		*key;
	time_t		 t;
	int		 fd, rc = 0;

	if ((d = open_kind_dir(k)) == NULL)
		return -1;
	while (rc == 0 && (de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		fd = open_record(k, de->d_name);
		if (fd == -1)
			continue;
		buf_reset(&payload);
		key = NULL;
		if (read_record(fd, k, NULL, &payload, &t, &key) == 0 &&
		    named_by(de->d_name, key))
			rc = fn(key, payload.p ? payload.p : "", payload.len,
			    t, arg);
		free(key);
		close(fd);
	}
	closedir(d);
	if (payload.p)
		sodium_memzero(payload.p, payload.cap);
	buf_free(&payload);
	return rc < 0 ? -1 : 0;
}

struct selection {
	int		(*match)(const char *, const void *, size_t, void *);
	void		*arg;
	char		**keys;
	size_t		 n;
	int		 failed;
};

static int
select_one(const char *key, const void *data, size_t len, time_t t, void *p)
{
	struct selection	*sel = p;
	char			**keys;

	(void)t;
	if (!sel->match(key, data, len, sel->arg))
		return 0;
	if ((keys = realloc(sel->keys, (sel->n + 1) * sizeof(*keys))) == NULL) {
		sel->failed = 1;
		return 0;
	}
	sel->keys = keys;
	if ((keys[sel->n] = strdup(key)) == NULL)
		sel->failed = 1;
	else
		sel->n++;
	return 0;
}

long
store_select(enum store_kind k,
    int (*match)(const char *, const void *, size_t, void *), void *arg,
    int del)
{
	struct selection	 sel = { match, arg, NULL, 0, 0 };
	size_t			 i;

	if (store_walk(k, select_one, &sel) == -1)
		sel.failed = 1;
	for (i = 0; i < sel.n; i++) {
		if (del && store_del(k, sel.keys[i]) == -1)
			sel.failed = 1;
		free(sel.keys[i]);
	}
	free(sel.keys);
	return sel.failed ? -1 : (long)sel.n;
}

long
store_sweep(enum store_kind k, time_t not_before, time_t not_after)
{
	struct dirent	*de;
	struct stat	 st;
	DIR		*d;
	char		*key;
	time_t		 t, now = time(NULL);
	long		 n = 0;
	int		 fd, valid, lk;

	if ((d = open_kind_dir(k)) == NULL)
		return -1;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (strncmp(de->d_name, ".tmp.", 5) == 0) {
			/* Left by a writer killed between W1 and W4. */
			if (fstatat(kind_fd[k], de->d_name, &st,
			    AT_SYMLINK_NOFOLLOW) == 0 &&
			    now - st.st_mtime > TMP_MAX_AGE_S &&
			    unlinkat(kind_fd[k], de->d_name, 0) == 0)
				n++;
			continue;
		}
		fd = open_record(k, de->d_name);
		if (fd == -1)
			continue;
		key = NULL;
		valid = read_record(fd, k, NULL, NULL, &t, &key);
		close(fd);
		if (valid == -1)
			continue;
		/* A valid record under another key's name (a copied file) is
		 * no record: delete the file itself, not its key's. */
		if (valid == 0 && !named_by(de->d_name, key))
			valid = 1;
		if (valid == 0 && t >= not_before && t <= not_after) {
			free(key);
			continue;
		}
		/* Expired or damaged: delete under the key's lock, after
		 * checking that no writer replaced it meanwhile. */
		if (valid == 0 && (lk = store_lock(k, key)) != -1) {
			time_t t2;
			if (store_get(k, key, NULL, &t2) == 0 &&
			    (t2 < not_before || t2 > not_after) &&
			    store_del_locked(k, key) == 0)
				n++;
			store_unlock(lk);
		} else if (valid == 1 && unlinkat(kind_fd[k], de->d_name, 0) == 0)
			n++;
		free(key);
	}
	closedir(d);
	return n;
}
