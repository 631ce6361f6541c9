/* session-write: create sessions the way a sign-in does (session_create).
 *
 *   session-write DATA_DIR [COUNT]
 *
 * Creates COUNT (default 1) sessions for a made-up user and exits 0 when
 * every session_create succeeded, 1 otherwise, 2 on bad usage. Driven by
 * tests/t/t0031-durability.sh (security bar test 24), which traces the
 * writes' system calls. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "crypto.h"
#include "session.h"
#include "store.h"

int
main(int argc, char *argv[])
{
	struct session	*s;
	char		 id[CRYPTO_TOKEN_LEN + 1], *end;
	long		 i, count = 1;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: session-write DATA_DIR [COUNT]\n");
		return 2;
	}
	if (argc == 3) {
		errno = 0;
		count = strtol(argv[2], &end, 10);
		if (errno || *end != '\0' || end == argv[2] || count < 1 ||
		    count > 100000) {
			fprintf(stderr, "session-write: bad COUNT\n");
			return 2;
		}
	}
	if (crypto_init() == -1 || store_init(argv[1]) == -1)
		return 1;
	for (i = 0; i < count; i++) {
		if (session_create("u-session-write", "Test User", "org-1",
		    "Test Org", id, &s) == -1) {
			fprintf(stderr, "session-write: session_create "
			    "failed\n");
			return 1;
		}
		session_free(s);
	}
	return 0;
}
