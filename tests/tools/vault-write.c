/* vault-write: store one user's tokens in the vault, once, the way the
 * server does after a sign-in or a refresh (oauth_tokens_save).
 *
 *   vault-write DATA_DIR KEY_FILE USER_ID ACCESS REFRESH
 *
 * Exit 0 only when oauth_tokens_save reported success; 1 when it (or the
 * set-up) failed; 2 on bad usage. Driven by tests/t/t0031-durability.sh
 * (security bar tests 7 and 24), which kills it or fails its fsyncs at
 * chosen system calls under strace and reads the record back with
 * vault-read. Does nothing after the save but exit, so every system call
 * the test counts belongs to the set-up or to the write itself. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "crypto.h"
#include "oauth.h"
#include "store.h"

int
main(int argc, char *argv[])
{
	struct oauth_tokens	 t;
	time_t			 now = time(NULL);

	if (argc != 6) {
		fprintf(stderr, "usage: vault-write DATA_DIR KEY_FILE USER_ID "
		    "ACCESS REFRESH\n");
		return 2;
	}
	if (crypto_init() == -1 || crypto_key_load(argv[2]) == -1 ||
	    store_init(argv[1]) == -1)
		return 1;
	/* Borrowed strings: oauth_tokens_save only reads them. */
	memset(&t, 0, sizeof(t));
	t.access = argv[4];
	t.refresh = argv[5];
	t.access_expires = now + 86400;
	t.refresh_issued = now;
	if (oauth_tokens_save(argv[3], &t) == -1) {
		fprintf(stderr, "vault-write: oauth_tokens_save failed\n");
		crypto_key_unload();
		return 1;
	}
	crypto_key_unload();
	return 0;
}
