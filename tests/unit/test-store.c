/* test-store.c: the file store (store.c) against security bar §3:
 * directory modes, record round trips, full-key comparison, every damaged
 * byte a miss, take-once, sweeping, walking, file modes, per-bucket locks
 * across processes, and concurrent writers never producing a torn read. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "crypto.h"
#include "store.h"
#include "t.h"

#define WRITERS		4
#define ROUNDS		200

static char	 tmpdir[] = "/tmp/wd-store-XXXXXX";
static char	 data[256];

/* data/<kind>/<sha256(key)> */
static void
rec_path(enum store_kind k, const char *key, char *out, size_t n)
{
	char	 hex[CRYPTO_HEX_LEN + 1];

	crypto_sha256_hex(key, strlen(key), hex);
	snprintf(out, n, "%s/%s/%s", data, store_kind_name(k), hex);
}

static int
file_read(const char *path, unsigned char *p, size_t cap, size_t *len)
{
	ssize_t	 n;
	int	 fd;

	if ((fd = open(path, O_RDONLY)) == -1)
		return -1;
	n = read(fd, p, cap);
	close(fd);
	if (n < 0)
		return -1;
	*len = (size_t)n;
	return 0;
}

static int
file_write(const char *path, const void *p, size_t len)
{
	int	 fd, rc = 0;

	if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600)) == -1)
		return -1;
	if (write(fd, p, len) != (ssize_t)len)
		rc = -1;
	close(fd);
	return rc;
}

static int
exists(const char *path)
{
	struct stat	 st;

	return lstat(path, &st) == 0;
}

static int
mode_of(const char *path)
{
	struct stat	 st;

	if (lstat(path, &st) == -1)
		return -1;
	return (int)(st.st_mode & 07777);
}

/* Number of ".tmp.*" names in data/<kind>. */
static int
count_tmp(enum store_kind k)
{
	char		 path[PATH_MAX];
	struct dirent	*de;
	DIR		*d;
	int		 n = 0;

	snprintf(path, sizeof(path), "%s/%s", data, store_kind_name(k));
	if ((d = opendir(path)) == NULL)
		return -1;
	while ((de = readdir(d)) != NULL)
		if (strncmp(de->d_name, ".tmp.", 5) == 0)
			n++;
	closedir(d);
	return n;
}

/* store_get into a fresh buffer; the payload as a string in *s (caller frees). */
static int
get(enum store_kind k, const char *key, char **s, time_t *t)
{
	struct buf	 b = BUF_INIT;
	int		 rc;

	rc = store_get(k, key, &b, t);
	*s = buf_steal(&b);
	return rc;
}

static int
put(enum store_kind k, const char *key, const char *s, time_t t)
{
	return store_put(k, key, s, strlen(s), t);
}

static void
test_init(void)
{
	static const char *const subs[] = { "sessions", "logins", "tokens",
	    "users", "cache", "forms", "locks" };
	char	 path[PATH_MAX], other[PATH_MAX];
	size_t	 i;
	int	 ok;

	snprintf(path, sizeof(path), "%s/open", tmpdir);
	mkdir(path, 0755);
	chmod(path, 0755);
	T_EQ_INT(store_init(path), -1, "data_dir with mode 0755 refused");
	T_EQ_INT(mode_of(path), 0755, "and left as it was");

	snprintf(other, sizeof(other), "%s/real", tmpdir);
	mkdir(other, 0700);
	snprintf(path, sizeof(path), "%s/link", tmpdir);
	symlink(other, path);
	T_EQ_INT(store_init(path), -1, "symlinked data_dir refused");

	if (geteuid() == 0) {
		snprintf(path, sizeof(path), "%s/theirs", tmpdir);
		mkdir(path, 0700);
		T_EQ_INT(chown(path, 65534, 65534), 0, "chown");
		T_EQ_INT(store_init(path), -1, "data_dir owned by another uid");
	} else
		printf("skip: owner check needs root\n");

	snprintf(data, sizeof(data), "%s/data", tmpdir);
	T_EQ_INT(store_init(data), 0, "store_init creates data_dir");
	T_EQ_INT(mode_of(data), 0700, "data_dir is 0700");
	for (ok = 1, i = 0; i < sizeof(subs) / sizeof(subs[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", data, subs[i]);
		if (mode_of(path) != 0700) {
			fprintf(stderr, "%s: mode %o\n", path, mode_of(path));
			ok = 0;
		}
	}
	T_OK(ok, "every sub-directory is 0700");

	/* A sub-directory someone opened up is refused too, then fixed. */
	snprintf(path, sizeof(path), "%s/tokens", data);
	chmod(path, 0750);
	T_EQ_INT(store_init(data), -1, "sub-directory with mode 0750 refused");
	chmod(path, 0700);
	T_EQ_INT(store_init(data), 0, "store_init again once fixed");
	T_EQ_STR(store_kind_name(STORE_CACHE), "cache", "kind name");
}

static void
test_roundtrip(void)
{
	char		 path[PATH_MAX], key[STORE_KEY_MAX + 2], *s;
	unsigned char	*huge;
	time_t		 t = 0;

	T_EQ_INT(put(STORE_SESSION, "k1", "hello", 1700000000), 0, "put");
	T_EQ_INT(get(STORE_SESSION, "k1", &s, &t), 0, "get");
	T_EQ_STR(s, "hello", "payload back");
	T_EQ_INT(t, 1700000000, "time back");
	free(s);

	rec_path(STORE_SESSION, "k1", path, sizeof(path));
	T_EQ_INT(mode_of(path), 0600, "record file is 0600");
	T_EQ_INT(count_tmp(STORE_SESSION), 0, "no temp file left");

	T_EQ_INT(put(STORE_SESSION, "k1", "second", 5), 0, "overwrite");
	T_EQ_INT(get(STORE_SESSION, "k1", &s, &t), 0, "get overwritten");
	T_EQ_STR(s, "second", "new payload");
	T_EQ_INT(t, 5, "new time");
	free(s);

	T_EQ_INT(put(STORE_SESSION, "neg", "", -86400), 0, "empty payload");
	T_EQ_INT(get(STORE_SESSION, "neg", &s, &t), 0, "get empty");
	T_EQ_STR(s, "", "empty payload back");
	T_EQ_INT(t, -86400, "negative time back");
	free(s);
	T_EQ_INT(put(STORE_SESSION, "big-t", "x", (time_t)1 << 40), 0, "put");
	T_EQ_INT(get(STORE_SESSION, "big-t", &s, &t), 0, "get");
	T_EQ_INT(t, (time_t)1 << 40, "64-bit time back");
	free(s);

	/* Binary payloads, NULs included, come back byte for byte. */
	{
		struct buf b = BUF_INIT;
		T_EQ_INT(store_put(STORE_USER, "bin", "a\0b\xff", 4, 1), 0,
		    "binary put");
		T_EQ_INT(store_get(STORE_USER, "bin", &b, NULL), 0, "binary get");
		T_OK(b.len == 4 && memcmp(b.p, "a\0b\xff", 4) == 0,
		    "binary payload back");
		/* store_get appends to what out holds. */
		T_EQ_INT(store_get(STORE_USER, "bin", &b, NULL), 0, "again");
		T_EQ_INT(b.len, 8, "payload appended");
		buf_free(&b);
	}

	s = (char *)"sentinel";
	T_EQ_INT(get(STORE_SESSION, "absent", &s, &t), 1, "absent is a miss");
	T_EQ_STR(s, "", "miss appends nothing");
	free(s);
	T_EQ_INT(get(STORE_USER, "k1", &s, &t), 1, "kinds are separate");
	free(s);

	memset(key, 'k', sizeof(key));
	key[STORE_KEY_MAX] = '\0';
	T_EQ_INT(put(STORE_CACHE, key, "max", 1), 0, "key of STORE_KEY_MAX");
	T_EQ_INT(get(STORE_CACHE, key, &s, &t), 0, "long key get");
	T_EQ_STR(s, "max", "long key payload");
	free(s);
	T_EQ_INT(store_del(STORE_CACHE, key), 0, "del long key");
	key[STORE_KEY_MAX] = 'k';
	key[STORE_KEY_MAX + 1] = '\0';
	T_EQ_INT(put(STORE_CACHE, key, "x", 1), -1, "key over STORE_KEY_MAX");
	T_EQ_INT(put(STORE_CACHE, "", "x", 1), -1, "empty key");

	/* A refused write leaves the old record (W6) and no temp file. */
	huge = calloc(1, STORE_PAYLOAD_MAX + 1);
	T_EQ_INT(store_put(STORE_SESSION, "k1", huge, STORE_PAYLOAD_MAX + 1, 9),
	    -1, "payload over STORE_PAYLOAD_MAX");
	free(huge);
	T_EQ_INT(get(STORE_SESSION, "k1", &s, &t), 0, "old record");
	T_EQ_STR(s, "second", "old record still readable");
	free(s);
	T_EQ_INT(count_tmp(STORE_SESSION), 0, "no temp file after a refusal");
}

static void
test_full_key(void)
{
	char		 pa[PATH_MAX], pb[PATH_MAX], *s;
	unsigned char	 rec[4096];
	size_t		 len;
	time_t		 t;

	/* A's record under B's file name is not B's record. */
	T_EQ_INT(put(STORE_TOKENS, "user-A", "A's tokens", 1), 0, "put A");
	rec_path(STORE_TOKENS, "user-A", pa, sizeof(pa));
	rec_path(STORE_TOKENS, "user-B", pb, sizeof(pb));
	T_EQ_INT(file_read(pa, rec, sizeof(rec), &len), 0, "read A's file");
	T_EQ_INT(file_write(pb, rec, len), 0, "copy it over B's name");
	T_EQ_INT(get(STORE_TOKENS, "user-B", &s, &t), 1, "get(B) is a miss");
	T_EQ_STR(s, "", "and yields nothing of A's");
	free(s);
	T_EQ_INT(get(STORE_TOKENS, "user-A", &s, &t), 0, "A still found");
	free(s);
	unlink(pb);

	/* A record of another kind under the right name is a miss too. */
	T_EQ_INT(put(STORE_USER, "user-C", "prefs", 1), 0, "put user C");
	rec_path(STORE_USER, "user-C", pa, sizeof(pa));
	rec_path(STORE_TOKENS, "user-C", pb, sizeof(pb));
	T_EQ_INT(file_read(pa, rec, sizeof(rec), &len), 0, "read C's file");
	T_EQ_INT(file_write(pb, rec, len), 0, "copy into tokens/");
	T_EQ_INT(get(STORE_TOKENS, "user-C", &s, &t), 1, "kind byte checked");
	free(s);
	unlink(pb);

	/* A symlink planted under a record name is never followed. */
	T_EQ_INT(symlink(pa, pb), 0, "plant a symlink");
	T_OK(get(STORE_USER, "user-C", &s, &t) == 0, "target readable");
	free(s);
	s = NULL;
	T_OK(get(STORE_TOKENS, "user-C", &s, &t) != 0, "symlink not followed");
	T_OK(s == NULL || s[0] == '\0', "nothing read through the symlink");
	free(s);
	unlink(pb);
}

static void
test_damage(void)
{
	static const unsigned char masks[] = { 0x01, 0x80, 0xff };
	char		 path[PATH_MAX], *s;
	unsigned char	 rec[256], bad[257];
	struct buf	 b = BUF_INIT;
	size_t		 len, i, m, tried = 0, wrong = 0;
	time_t		 t;
	int		 rc;

	T_EQ_INT(put(STORE_SESSION, "fk", "xy", 77), 0, "small record");
	rec_path(STORE_SESSION, "fk", path, sizeof(path));
	T_EQ_INT(file_read(path, rec, sizeof(rec), &len), 0, "read it");
	T_EQ_INT(len, 24 + 2 + 2 + 32, "header + key + payload + checksum");

	/* Every single-byte change anywhere is a miss, never wrong data. */
	for (i = 0; i < len; i++)
		for (m = 0; m < sizeof(masks); m++) {
			memcpy(bad, rec, len);
			bad[i] ^= masks[m];
			file_write(path, bad, len);
			buf_reset(&b);
			rc = store_get(STORE_SESSION, "fk", &b, &t);
			tried++;
			if (rc != 1 || b.len != 0) {
				fprintf(stderr, "byte %zu ^ %02x: rc %d, %zu "
				    "bytes\n", i, masks[m], rc, b.len);
				wrong++;
			}
		}
	T_EQ_INT(tried, len * sizeof(masks), "every byte position tried");
	T_EQ_INT(wrong, 0, "every flipped byte gives a miss");

	/* Every truncation, and one extra byte, is a miss. */
	for (wrong = 0, i = 0; i < len; i++) {
		file_write(path, rec, i);
		buf_reset(&b);
		if ((rc = store_get(STORE_SESSION, "fk", &b, &t)) != 1 ||
		    b.len != 0) {
			fprintf(stderr, "truncated to %zu: rc %d\n", i, rc);
			wrong++;
		}
	}
	T_EQ_INT(wrong, 0, "every truncation gives a miss");
	memcpy(bad, rec, len);
	bad[len] = 0;
	file_write(path, bad, len + 1);
	T_EQ_INT(get(STORE_SESSION, "fk", &s, &t), 1, "extra byte: miss");
	free(s);

	file_write(path, rec, len);
	T_EQ_INT(get(STORE_SESSION, "fk", &s, &t), 0, "restored: found");
	T_EQ_STR(s, "xy", "restored payload");
	T_EQ_INT(t, 77, "restored time");
	free(s);
	buf_free(&b);

	/* A directory where a record should be is a miss. */
	rec_path(STORE_SESSION, "a-dir", path, sizeof(path));
	mkdir(path, 0700);
	T_EQ_INT(get(STORE_SESSION, "a-dir", &s, &t), 1, "directory: miss");
	free(s);
	rmdir(path);
}

static void
test_take_del(void)
{
	char	*s;
	time_t	 t;
	pid_t	 pids[WRITERS];
	int	 i, st, got = 0, missed = 0, other = 0;

	T_EQ_INT(put(STORE_LOGIN, "login1", "state+verifier", 3), 0, "put");
	T_EQ_INT(store_take(STORE_LOGIN, "login1", NULL, &t), 0, "take");
	T_EQ_INT(t, 3, "take gives the time");
	T_EQ_INT(get(STORE_LOGIN, "login1", &s, &t), 1, "taken: gone");
	free(s);
	T_EQ_INT(put(STORE_LOGIN, "login2", "pkce", 4), 0, "put 2");
	{
		struct buf b = BUF_INIT;
		T_EQ_INT(store_take(STORE_LOGIN, "login2", &b, NULL), 0, "take 2");
		T_OK(b.len == 4 && memcmp(b.p, "pkce", 4) == 0, "take payload");
		buf_reset(&b);
		T_EQ_INT(store_take(STORE_LOGIN, "login2", &b, NULL), 1,
		    "second take is a miss");
		T_EQ_INT(b.len, 0, "second take yields nothing");
		buf_free(&b);
	}

	/* Racing processes: exactly one of them takes the record. */
	T_EQ_INT(put(STORE_LOGIN, "race", "once", 5), 0, "put race");
	for (i = 0; i < WRITERS; i++)
		if ((pids[i] = fork()) == 0) {
			struct buf b = BUF_INIT;
			int rc = store_take(STORE_LOGIN, "race", &b, NULL);
			if (rc == 0 && !(b.len == 4 && !memcmp(b.p, "once", 4)))
				rc = 2;
			buf_free(&b);
			_exit(rc == 0 ? 0 : rc == 1 ? 1 : 2);
		}
	for (i = 0; i < WRITERS; i++) {
		if (pids[i] == -1 || waitpid(pids[i], &st, 0) == -1 ||
		    !WIFEXITED(st))
			other++;
		else if (WEXITSTATUS(st) == 0)
			got++;
		else if (WEXITSTATUS(st) == 1)
			missed++;
		else
			other++;
	}
	T_EQ_INT(got, 1, "exactly one process took the record");
	T_EQ_INT(missed, WRITERS - 1, "the others missed");
	T_EQ_INT(other, 0, "no errors");

	T_EQ_INT(put(STORE_SESSION, "gone", "x", 1), 0, "put");
	T_EQ_INT(store_del(STORE_SESSION, "gone"), 0, "del");
	T_EQ_INT(get(STORE_SESSION, "gone", &s, &t), 1, "deleted: miss");
	free(s);
	T_EQ_INT(store_del(STORE_SESSION, "gone"), 0, "del of absent is 0");
}

/* Set the mtime of data/<kind>/name to now - age_s. */
static int
age_file(enum store_kind k, const char *name, time_t age_s)
{
	char		 path[PATH_MAX];
	struct timespec	 ts[2];

	snprintf(path, sizeof(path), "%s/%s/%s", data, store_kind_name(k), name);
	ts[0].tv_sec = ts[1].tv_sec = time(NULL) - age_s;
	ts[0].tv_nsec = ts[1].tv_nsec = 0;
	return utimensat(AT_FDCWD, path, ts, AT_SYMLINK_NOFOLLOW);
}

static void
test_sweep(void)
{
	char	 path[PATH_MAX], junk[PATH_MAX], tmp_old[PATH_MAX],
		 tmp_new[PATH_MAX], *s;
	time_t	 now = time(NULL), lo = now - 86400, hi = now + 60, t;

	T_EQ_INT(put(STORE_CACHE, "old", "o", now - 90000), 0, "put old");
	T_EQ_INT(put(STORE_CACHE, "new", "n", now - 10), 0, "put new");
	T_EQ_INT(put(STORE_CACHE, "future", "f", now + 3600), 0, "put future");
	T_EQ_INT(put(STORE_CACHE, "edge-lo", "l", lo), 0, "put edge lo");
	T_EQ_INT(put(STORE_CACHE, "edge-hi", "h", hi), 0, "put edge hi");
	snprintf(junk, sizeof(junk), "%s/cache/%064d", data, 0);
	file_write(junk, "not a record", 12);
	snprintf(tmp_old, sizeof(tmp_old), "%s/cache/.tmp.00112233aabbccdd",
	    data);
	snprintf(tmp_new, sizeof(tmp_new), "%s/cache/.tmp.ffeeddcc44332211",
	    data);
	file_write(tmp_old, "half", 4);
	file_write(tmp_new, "half", 4);
	T_EQ_INT(age_file(STORE_CACHE, ".tmp.00112233aabbccdd", 11 * 60), 0,
	    "age a temp file to 11 min");
	T_EQ_INT(age_file(STORE_CACHE, ".tmp.ffeeddcc44332211", 9 * 60), 0,
	    "age a temp file to 9 min");

	T_EQ_INT(store_sweep(STORE_CACHE, lo, hi), 4,
	    "old, future, damaged and old temp file deleted");
	T_EQ_INT(get(STORE_CACHE, "old", &s, &t), 1, "old record gone");
	free(s);
	T_EQ_INT(get(STORE_CACHE, "future", &s, &t), 1, "future record gone");
	free(s);
	rec_path(STORE_CACHE, "future", path, sizeof(path));
	T_OK(!exists(path), "future record file removed");
	T_EQ_INT(get(STORE_CACHE, "new", &s, &t), 0, "new record kept");
	T_EQ_STR(s, "n", "new record intact");
	free(s);
	T_EQ_INT(get(STORE_CACHE, "edge-lo", &s, &t), 0, "t == not_before kept");
	free(s);
	T_EQ_INT(get(STORE_CACHE, "edge-hi", &s, &t), 0, "t == not_after kept");
	free(s);
	T_OK(!exists(junk), "damaged file deleted");
	T_OK(!exists(tmp_old), "temp file older than 10 min deleted");
	T_OK(exists(tmp_new), "temp file younger than 10 min kept");
	T_EQ_INT(store_sweep(STORE_CACHE, lo, hi), 0, "second sweep: nothing");
	T_EQ_INT(get(STORE_USER, "bin", &s, &t), 0,
	    "sweeping cache/ leaves users/ alone");
	free(s);
	unlink(tmp_new);

	/* A record whose file name is not the hash of its stored key (a
	 * copied file) is a miss for store_get; once expired, the sweep must
	 * still remove it, or it outlives the 24 h limit on disk. */
	T_EQ_INT(put(STORE_CACHE, "stale", "s", now - 90000), 0, "put stale");
	rec_path(STORE_CACHE, "stale", path, sizeof(path));
	rec_path(STORE_CACHE, "elsewhere", junk, sizeof(junk));
	T_EQ_INT(rename(path, junk), 0, "move it under another name");
	store_sweep(STORE_CACHE, lo, hi);
	T_OK(!exists(junk), "expired record under a wrong name swept");
	unlink(junk);
}

struct seen {
	int	 n;
	int	 ok[3];
	int	 unknown;
	int	 stop_after;
};

static int
walk_fn(const char *key, const void *p, size_t len, time_t t, void *arg)
{
	static const char *const keys[] = { "w1", "w2", "w3" };
	static const char *const vals[] = { "one", "two", "three" };
	struct seen	*s = arg;
	int		 i;

	s->n++;
	for (i = 0; i < 3; i++)
		if (strcmp(key, keys[i]) == 0) {
			if (len == strlen(vals[i]) &&
			    memcmp(p, vals[i], len) == 0 && t == 100 + i)
				s->ok[i]++;
			break;
		}
	if (i == 3)
		s->unknown++;
	return s->stop_after && s->n >= s->stop_after ? s->stop_after : 0;
}

static void
test_walk(void)
{
	char		 pa[PATH_MAX], pb[PATH_MAX];
	unsigned char	 rec[256];
	struct seen	 s;
	size_t		 len;

	/* users/ holds two records of earlier tests: remove them first. */
	T_EQ_INT(put(STORE_USER, "w1", "one", 100), 0, "put w1");
	T_EQ_INT(put(STORE_USER, "w2", "two", 101), 0, "put w2");
	T_EQ_INT(put(STORE_USER, "w3", "three", 102), 0, "put w3");
	store_del(STORE_USER, "bin");
	store_del(STORE_USER, "user-C");

	/* A damaged copy and a temp file holding a valid record. */
	rec_path(STORE_USER, "w1", pa, sizeof(pa));
	file_read(pa, rec, sizeof(rec), &len);
	rec[len - 1] ^= 1;
	rec_path(STORE_USER, "damaged", pb, sizeof(pb));
	file_write(pb, rec, len);
	rec[len - 1] ^= 1;
	snprintf(pb, sizeof(pb), "%s/users/.tmp.0000000000000000", data);
	file_write(pb, rec, len);

	memset(&s, 0, sizeof(s));
	T_EQ_INT(store_walk(STORE_USER, walk_fn, &s), 0, "walk");
	T_EQ_INT(s.n, 3, "three valid records visited");
	T_OK(s.ok[0] == 1 && s.ok[1] == 1 && s.ok[2] == 1,
	    "each once with its payload and time (%d %d %d)", s.ok[0], s.ok[1],
	    s.ok[2]);
	T_EQ_INT(s.unknown, 0, "nothing else visited");
	unlink(pb);

	memset(&s, 0, sizeof(s));
	s.stop_after = 1;
	T_EQ_INT(store_walk(STORE_USER, walk_fn, &s), 0, "walk stopped early");
	T_EQ_INT(s.n, 1, "fn returning non-zero stops the walk");
	memset(&s, 0, sizeof(s));
	s.stop_after = -1;
	T_EQ_INT(store_walk(STORE_USER, walk_fn, &s), -1,
	    "fn returning < 0 makes the walk fail");
	T_EQ_INT(s.n, 1, "and stops it");

	/* A copied file is a miss for store_get (full key compared); the
	 * walk must not report it as a second record of w1 either. */
	rec_path(STORE_USER, "copy-of-w1", pb, sizeof(pb));
	file_write(pb, rec, len);
	memset(&s, 0, sizeof(s));
	store_walk(STORE_USER, walk_fn, &s);
	T_EQ_INT(s.ok[0], 1, "a record under another key's name is skipped");
	unlink(pb);
}

static void
test_lock(void)
{
	char	 hex[CRYPTO_HEX_LEN + 1], path[PATH_MAX];
	pid_t	 pid;
	int	 fd, st;

	fd = store_lock(STORE_TOKENS, "user-L");
	T_OK(fd >= 0, "store_lock");
	crypto_sha256_hex("user-L", 6, hex);
	snprintf(path, sizeof(path), "%s/locks/tokens-%.2s.lock", data, hex);
	T_OK(exists(path), "lock file %s exists", path);
	T_EQ_INT(mode_of(path), 0600, "lock file is 0600");

	/* Exit status: 0 blocked, 1 acquired, 2 error. */
	if ((pid = fork()) == 0) {
		int cfd = open(path, O_RDWR);
		if (cfd == -1)
			_exit(2);
		if (flock(cfd, LOCK_EX | LOCK_NB) == -1)
			_exit(errno == EWOULDBLOCK ? 0 : 2);
		_exit(1);
	}
	T_OK(pid > 0 && waitpid(pid, &st, 0) == pid && WIFEXITED(st) &&
	    WEXITSTATUS(st) == 0, "another process cannot take the lock");

	store_unlock(fd);
	if ((pid = fork()) == 0) {
		int cfd = open(path, O_RDWR);
		if (cfd == -1)
			_exit(2);
		if (flock(cfd, LOCK_EX | LOCK_NB) == -1)
			_exit(errno == EWOULDBLOCK ? 0 : 2);
		_exit(1);
	}
	T_OK(pid > 0 && waitpid(pid, &st, 0) == pid && WIFEXITED(st) &&
	    WEXITSTATUS(st) == 1, "after store_unlock it can");

	/* The lock is per kind: tokens and users use different files. */
	fd = store_lock(STORE_TOKENS, "user-L");
	st = store_lock(STORE_USER, "user-L");
	T_OK(st >= 0, "another kind's lock is free while tokens is held");
	store_unlock(st);
	store_unlock(fd);
	snprintf(path, sizeof(path), "%s/locks/users-%.2s.lock", data, hex);
	T_OK(exists(path), "users lock file");
}

/* Writer w's payload for round j: a header naming both, then a filler
 * whose length and bytes depend on them, so any mix of two is visible. */
static size_t
gen(int w, int j, char *p, size_t cap)
{
	size_t	 n, i, len = 40 + (size_t)((w * ROUNDS + j) * 37 % 3000);
	int	 h;

	h = snprintf(p, cap, "w%d j%d:", w, j);
	n = (size_t)h;
	for (i = n; i < len && i < cap; i++)
		p[i] = (char)('a' + (i + (size_t)w * 7 + (size_t)j) % 26);
	return i;
}

/* Is p[0..len) exactly one of the payloads gen makes? */
static int
is_payload(const char *p, size_t len)
{
	char	 want[4096], hdr[32];
	size_t	 n;
	int	 w, j;

	/* p need not be NUL-terminated: scan a terminated copy of its head. */
	n = len < sizeof(hdr) - 1 ? len : sizeof(hdr) - 1;
	memcpy(hdr, p, n);
	hdr[n] = '\0';
	if (len == 0 || len >= sizeof(want) || p[0] != 'w' ||
	    sscanf(hdr, "w%d j%d:", &w, &j) != 2 || w < 0 || w >= WRITERS ||
	    j < 0 || j >= ROUNDS)
		return 0;
	n = gen(w, j, want, sizeof(want));
	return n == len && memcmp(p, want, len) == 0;
}

/* WRITERS processes × rounds store_put of one key while we read it. */
static void
race(enum store_kind k, int rounds, const char *what)
{
	struct buf	 b = BUF_INIT;
	pid_t		 pids[WRITERS];
	char		 p[4096];
	int		 i, j, st, alive, hits = 0, torn = 0, errs = 0, bad = 0;

	for (i = 0; i < WRITERS; i++)
		if ((pids[i] = fork()) == 0) {
			int fails = 0;
			for (j = 0; j < rounds; j++) {
				size_t n = gen(i, j, p, sizeof(p));
				if (store_put(k, "contended", p, n, j) != 0)
					fails++;
			}
			_exit(fails ? 1 : 0);
		} else if (pids[i] == -1)
			bad++;
	do {
		buf_reset(&b);
		switch (store_get(k, "contended", &b, NULL)) {
		case 0:
			hits++;
			if (!is_payload(b.p, b.len))
				torn++;
			break;
		case 1:
			break;
		default:
			errs++;
		}
		for (alive = 0, i = 0; i < WRITERS; i++)
			if (pids[i] > 0 &&
			    waitpid(pids[i], &st, WNOHANG) == 0)
				alive++;
			else if (pids[i] > 0) {
				if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
					bad++;
				pids[i] = 0;
			}
	} while (alive > 0);
	buf_reset(&b);
	T_EQ_INT(store_get(k, "contended", &b, NULL), 0, "final read");
	T_OK(is_payload(b.p, b.len), "%s: final record is one payload", what);
	T_OK(hits > 0, "%s: the reader saw records (%d)", what, hits);
	T_EQ_INT(torn, 0, "no torn or mixed read");
	T_EQ_INT(errs, 0, "no read error");
	T_EQ_INT(bad, 0, "every writer succeeded");
	T_EQ_INT(count_tmp(k), 0, "no temp file left");
	buf_free(&b);
}

int
main(void)
{
	if (crypto_init() == -1 || mkdtemp(tmpdir) == NULL) {
		fprintf(stderr, "setup: %s\n", strerror(errno));
		return 1;
	}
	test_init();
	test_roundtrip();
	test_full_key();
	test_damage();
	test_take_del();
	test_sweep();
	test_walk();
	test_lock();
	{
		/* The torn-read detector itself must tell payloads apart. */
		char a[4096], b2[4096];
		size_t na = gen(1, 5, a, sizeof(a)), nb = gen(2, 6, b2, sizeof(b2));
		T_OK(is_payload(a, na) && is_payload(b2, nb), "payloads recognised");
		memcpy(a + 20, b2 + 20, 10);
		T_OK(!is_payload(a, na), "a mixed payload is caught");
		T_OK(!is_payload(b2, nb - 1), "a short payload is caught");
	}
	race(STORE_CACHE, ROUNDS, "cache, no fsync");
	race(STORE_SESSION, ROUNDS / 4, "sessions, fsync'd");
	t_rmtree(tmpdir);
	return t_done("test-store");
}
