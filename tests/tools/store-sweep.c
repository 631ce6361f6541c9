/* store-sweep: run the store's sweeper on one kind, as the server does at
 * start and hourly.
 *
 *   store-sweep DATA_DIR KIND [NOT_BEFORE NOT_AFTER]
 *
 * KIND is a sub-directory name (sessions, logins, tokens, users, cache).
 * Records whose time lies outside [NOT_BEFORE, NOT_AFTER] (seconds since the
 * epoch; default 0 and now + 60 s, which keeps every fresh record) are
 * deleted, and so are temp files older than 10 minutes. Prints how many
 * files were deleted; exit 0, or 1 when the sweep failed, 2 on bad usage. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "crypto.h"
#include "store.h"

static int
parse_time(const char *s, time_t *out)
{
	char	*end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || end == s || *end != '\0')
		return -1;
	*out = (time_t)v;
	return 0;
}

int
main(int argc, char *argv[])
{
	time_t	 not_before = 0, not_after = time(NULL) + 60;
	long	 n;
	int	 k;

	if (argc != 3 && argc != 5)
		goto usage;
	for (k = 0; k < STORE__MAX; k++)
		if (strcmp(argv[2], store_kind_name(k)) == 0)
			break;
	if (k == STORE__MAX)
		goto usage;
	if (argc == 5 && (parse_time(argv[3], &not_before) == -1 ||
	    parse_time(argv[4], &not_after) == -1))
		goto usage;
	if (crypto_init() == -1 || store_init(argv[1]) == -1)
		return 1;
	if ((n = store_sweep(k, not_before, not_after)) == -1) {
		fprintf(stderr, "store-sweep: store_sweep failed\n");
		return 1;
	}
	printf("%ld\n", n);
	return 0;
usage:
	fprintf(stderr, "usage: store-sweep DATA_DIR KIND [NOT_BEFORE "
	    "NOT_AFTER]\n");
	return 2;
}
