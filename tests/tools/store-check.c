/* store-check: check a store that store-writer processes were writing
 * while being killed (security bar test 23, tests/t/t0030-store-crash.sh).
 *
 *   store-check DATA_DIR KIND [N_KEYS]
 *	After the writers are gone. Counts
 *	  torn	     valid records whose payload is not one whole pattern
 *		     written for that key (store-pattern.h), by store_walk
 *		     or by store_get;
 *	  invalid    files in the kind's directory (not .tmp.*) that are not
 *		     a valid record named by its key, and keys "key-0" ..
 *		     "key-<N_KEYS-1>" whose file exists but store_get misses
 *		     or fails;
 *	  locks_busy lock files in DATA_DIR/locks that flock(LOCK_EX|LOCK_NB)
 *		     cannot take (a lock a killed writer left held);
 *	then runs store_sweep (keeping records from time 0 to now + 60 s)
 *	and counts
 *	  tmp_left   .tmp.* files still there (call it after ageing them past
 *		     the sweeper's 10 minutes);
 *	  lost	     valid records the sweep deleted (it must keep them).
 *	Prints "torn=N invalid=N locks_busy=N tmp_left=N records=N lost=N
 *	locks=N tmp_before=N swept=N"; exits 1 if torn, invalid, locks_busy,
 *	tmp_left or lost is non-zero, else 0.
 *
 *   store-check -r SECONDS DATA_DIR KIND N_KEYS
 *	A reader running alongside the writers: for SECONDS, or until
 *	SIGTERM, reads every key in turn; a key whose file exists must read back as a valid, untorn
 *	pattern (the writers never delete, so a file seen once stays).
 *	Prints "reads=N torn=N invalid=N"; exits 1 if torn or invalid.
 *
 * Exit 2 on bad usage or set-up errors. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "crypto.h"
#include "store.h"
#include "store-pattern.h"

/* Set by SIGTERM: the reader stops and reports. */
static volatile sig_atomic_t	 stop_reading;

struct tally {
	enum store_kind	 kind;
	long		 torn, invalid, records;
};

static int
parse_count(const char *s, long max, long *out)
{
	char	*end;
	long	 v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end != '\0' || v < 0 || v > max)
		return -1;
	*out = v;
	return 0;
}

/* Count the entries of dir: records (names not starting with '.') and
 * temp files (".tmp.*"). -1 if dir cannot be read. */
static int
count_dir(const char *dir, long *records, long *tmps)
{
	struct dirent	*de;
	DIR		*d;

	*records = *tmps = 0;
	if ((d = opendir(dir)) == NULL)
		return -1;
	while ((de = readdir(d)) != NULL) {
		if (strncmp(de->d_name, ".tmp.", 5) == 0)
			(*tmps)++;
		else if (de->d_name[0] != '.')
			(*records)++;
	}
	closedir(d);
	return 0;
}

/* store_walk callback: every record it yields must be a whole pattern for
 * its key, and the reader's own path (store_get) must agree. */
static int
walk_one(const char *key, const void *data, size_t len, time_t t, void *arg)
{
	struct tally	*ta = arg;
	struct buf	 again = BUF_INIT;
	int		 rc;

	(void)t;
	ta->records++;
	if (!pattern_ok(data, len, key)) {
		fprintf(stderr, "torn (walk): %s\n", key);
		ta->torn++;
	}
	rc = store_get(ta->kind, key, &again, NULL);
	if (rc != 0) {
		fprintf(stderr, "invalid: store_get(%s) = %d after the walk "
		    "found it\n", key, rc);
		ta->invalid++;
	} else if (!pattern_ok(again.p, again.len, key)) {
		fprintf(stderr, "torn (get): %s\n", key);
		ta->torn++;
	}
	buf_free(&again);
	return 0;
}

/* Read key "key-<i>" if its file exists: 0 valid, 1 torn, 2 invalid,
 * 3 no file. */
static int
read_key(enum store_kind k, const char *kind_dir, long i)
{
	struct buf	 out = BUF_INIT;
	struct stat	 st;
	char		 key[32], hex[CRYPTO_HEX_LEN + 1], path[PATH_MAX];
	int		 rc;

	snprintf(key, sizeof(key), "key-%ld", i);
	crypto_sha256_hex(key, strlen(key), hex);
	snprintf(path, sizeof(path), "%s/%s", kind_dir, hex);
	if (lstat(path, &st) == -1)
		return 3;
	if ((rc = store_get(k, key, &out, NULL)) != 0) {
		fprintf(stderr, "invalid: %s exists but store_get = %d\n",
		    key, rc);
		rc = 2;
	} else if (!pattern_ok(out.p, out.len, key)) {
		fprintf(stderr, "torn: %s\n", key);
		rc = 1;
	}
	buf_free(&out);
	return rc;
}

static void
on_term(int sig)
{
	(void)sig;
	stop_reading = 1;
}

static int
reader(enum store_kind k, const char *kind_dir, long n_keys, long seconds)
{
	struct sigaction	 sa;
	struct timespec		 pause = { 0, 2000000 };	/* 2 ms */
	time_t			 end = time(NULL) + seconds;
	long			 i, reads = 0, torn = 0, invalid = 0;
	int			 rc;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_term;
	sigaction(SIGTERM, &sa, NULL);
	while (!stop_reading && time(NULL) < end) {
		for (i = 0; i < n_keys && !stop_reading; i++) {
			rc = read_key(k, kind_dir, i);
			if (rc != 3)
				reads++;
			torn += rc == 1;
			invalid += rc == 2;
		}
		/* A breath between passes: the writers need the CPU more. */
		nanosleep(&pause, NULL);
	}
	printf("reads=%ld torn=%ld invalid=%ld\n", reads, torn, invalid);
	return torn || invalid ? 1 : 0;
}

/* Try every lock file with a non-blocking exclusive flock: after all the
 * writers are dead, each must be free. */
static int
check_locks(const char *data_dir, long *locks, long *busy)
{
	struct dirent	*de;
	DIR		*d;
	char		 path[PATH_MAX];
	int		 fd;

	*locks = *busy = 0;
	snprintf(path, sizeof(path), "%s/locks", data_dir);
	if ((d = opendir(path)) == NULL)
		return -1;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/locks/%s", data_dir,
		    de->d_name);
		(*locks)++;
		if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) == -1 ||
		    flock(fd, LOCK_EX | LOCK_NB) == -1) {
			fprintf(stderr, "lock busy: %s: %s\n", de->d_name,
			    strerror(errno));
			(*busy)++;
		}
		if (fd != -1)
			close(fd);
	}
	closedir(d);
	return 0;
}

int
main(int argc, char *argv[])
{
	struct tally	 ta;
	char		 kind_dir[PATH_MAX];
	const char	*data_dir;
	long		 n_keys = 0, seconds = 0, files, tmp_before, tmp_left;
	long		 after, locks, busy, swept, i;
	int		 k, a = 1, rc;

	if (argc > 1 && strcmp(argv[1], "-r") == 0) {
		if (argc != 6 || parse_count(argv[2], 3600, &seconds) == -1)
			goto usage;
		a = 3;
	} else if (argc != 3 && argc != 4)
		goto usage;
	data_dir = argv[a];
	for (k = 0; k < STORE__MAX; k++)
		if (strcmp(argv[a + 1], store_kind_name(k)) == 0)
			break;
	if (k == STORE__MAX ||
	    (argc > a + 2 && parse_count(argv[a + 2], 1000000, &n_keys) == -1))
		goto usage;
	if (crypto_init() == -1 || store_init(data_dir) == -1)
		return 2;
	snprintf(kind_dir, sizeof(kind_dir), "%s/%s", data_dir,
	    store_kind_name(k));
	if (seconds > 0)
		return reader(k, kind_dir, n_keys, seconds);

	memset(&ta, 0, sizeof(ta));
	ta.kind = k;
	if (count_dir(kind_dir, &files, &tmp_before) == -1 ||
	    store_walk(k, walk_one, &ta) == -1) {
		fprintf(stderr, "store-check: cannot read %s\n", kind_dir);
		return 2;
	}
	/* Every file that is not a temp file must have been a valid record. */
	if (files != ta.records) {
		fprintf(stderr, "invalid: %ld files, %ld valid records\n",
		    files, ta.records);
		ta.invalid += files > ta.records ? files - ta.records :
		    ta.records - files;
	}
	for (i = 0; i < n_keys; i++) {
		rc = read_key(k, kind_dir, i);
		ta.torn += rc == 1;
		ta.invalid += rc == 2;
	}
	if (check_locks(data_dir, &locks, &busy) == -1) {
		fprintf(stderr, "store-check: cannot read %s/locks\n", data_dir);
		return 2;
	}
	if ((swept = store_sweep(k, 0, time(NULL) + 60)) == -1 ||
	    count_dir(kind_dir, &after, &tmp_left) == -1) {
		fprintf(stderr, "store-check: the sweep failed\n");
		return 2;
	}
	printf("torn=%ld invalid=%ld locks_busy=%ld tmp_left=%ld records=%ld "
	    "lost=%ld locks=%ld tmp_before=%ld swept=%ld\n", ta.torn,
	    ta.invalid, busy, tmp_left, ta.records,
	    after < ta.records ? ta.records - after : 0, locks, tmp_before,
	    swept);
	return ta.torn || ta.invalid || busy || tmp_left || after < ta.records ?
	    1 : 0;
usage:
	fprintf(stderr, "usage: store-check DATA_DIR KIND [N_KEYS]\n"
	    "       store-check -r SECONDS DATA_DIR KIND N_KEYS\n");
	return 2;
}
