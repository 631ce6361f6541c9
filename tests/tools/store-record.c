/* store-record: read or replace one record's payload, as the server would.
 *
 *   store-record DATA_DIR KIND get KEY	payload to stdout; exit 2 if none
 *   store-record DATA_DIR KIND put KEY	payload from stdin, time now
 *
 * KIND is a store sub-directory name ("users", ...). Only for kinds whose
 * payload is plain (not "tokens"): suites use it to set up states a real
 * user reaches only over weeks or across an upgrade (a user record that
 * agreed to an older policy, a draft left by an earlier version). Exit 1
 * on set-up or I/O errors. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "store.h"

static int
kind_of(const char *name)
{
	int	 k;

	for (k = 0; k < STORE__MAX; k++)
		if (strcmp(store_kind_name((enum store_kind)k), name) == 0)
			return k;
	return -1;
}

int
main(int argc, char *argv[])
{
	struct buf	 b = BUF_INIT;
	char		 chunk[8192];
	size_t		 n;
	int		 kind, rc;

	if (argc != 5 || (strcmp(argv[3], "get") != 0 &&
	    strcmp(argv[3], "put") != 0)) {
		fprintf(stderr, "usage: store-record DATA_DIR KIND get|put KEY\n");
		return 1;
	}
	if ((kind = kind_of(argv[2])) == -1 || kind == STORE_TOKENS) {
		fprintf(stderr, "store-record: %s: not a plain kind\n", argv[2]);
		return 1;
	}
	if (store_init(argv[1]) == -1)
		return 1;
	if (strcmp(argv[3], "get") == 0) {
		rc = store_get((enum store_kind)kind, argv[4], &b, NULL);
		if (rc == 0 && fwrite(b.p, 1, b.len, stdout) != b.len)
			rc = -1;
		buf_free(&b);
		return rc == 0 ? 0 : rc == 1 ? 2 : 1;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), stdin)) > 0)
		if (buf_append(&b, chunk, n) == -1) {
			buf_free(&b);
			return 1;
		}
	rc = ferror(stdin) ? -1 : store_put((enum store_kind)kind, argv[4],
	    b.p, b.len, time(NULL));
	buf_free(&b);
	return rc == 0 ? 0 : 1;
}
