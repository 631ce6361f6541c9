/* store-writer: write store records in a loop, to be killed at random
 * (security bar test 23, tests/t/t0030-store-crash.sh).
 *
 *   store-writer DATA_DIR KIND N_KEYS ITERATIONS [PROGRESS_FILE]
 *
 * KIND is a sub-directory name (sessions, cache, ...). Each iteration
 * writes one record with store_put under a random key among "key-0" ..
 * "key-<N_KEYS-1>"; the payload is the self-checking pattern of
 * store-pattern.h. After each store_put that reported success, one byte is
 * appended to PROGRESS_FILE, so a supervisor that kills this process can
 * tell how many writes it completed. Exit 0 after ITERATIONS writes; 1 when
 * a write failed; 2 on bad usage. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "crypto.h"
#include "store.h"
#include "store-pattern.h"

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

int
main(int argc, char *argv[])
{
	struct buf	 payload = BUF_INIT;
	char		 key[32];
	long		 n_keys, iterations, i;
	int		 k, progress = -1;

	if (argc != 5 && argc != 6)
		goto usage;
	for (k = 0; k < STORE__MAX; k++)
		if (strcmp(argv[2], store_kind_name(k)) == 0)
			break;
	if (k == STORE__MAX || parse_count(argv[3], 1000000, &n_keys) == -1 ||
	    n_keys == 0 || parse_count(argv[4], 100000000, &iterations) == -1)
		goto usage;
	if (crypto_init() == -1 || store_init(argv[1]) == -1)
		return 1;
	if (argc == 6 && (progress = open(argv[5], O_WRONLY | O_APPEND |
	    O_CREAT | O_CLOEXEC, 0600)) == -1) {
		fprintf(stderr, "store-writer: %s: %s\n", argv[5],
		    strerror(errno));
		return 1;
	}
	for (i = 0; i < iterations; i++) {
		snprintf(key, sizeof(key), "key-%u",
		    (unsigned)randombytes_uniform((uint32_t)n_keys));
		buf_reset(&payload);
		if (pattern_make(&payload, key, (uint32_t)getpid(),
		    (uint64_t)i) == -1 ||
		    store_put(k, key, payload.p, payload.len, time(NULL)) == -1) {
			fprintf(stderr, "store-writer: write %ld failed\n", i);
			return 1;
		}
		if (progress != -1 && write(progress, ".", 1) != 1) {
			fprintf(stderr, "store-writer: progress: %s\n",
			    strerror(errno));
			return 1;
		}
	}
	buf_free(&payload);
	return 0;
usage:
	fprintf(stderr, "usage: store-writer DATA_DIR KIND N_KEYS ITERATIONS "
	    "[PROGRESS_FILE]\n");
	return 2;
}
