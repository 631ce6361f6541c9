/* vault-read: print the refresh token stored for one user.
 *
 *   vault-read DATA_DIR KEY_FILE USER_ID
 *
 * Prints the refresh token (and a newline) and exits 0. Exits 2 when there
 * is no record file at all, 3 when there is one but it is not a valid
 * record, does not decrypt (AEAD) or does not parse (a torn or forged
 * record: the case tests 7 and 24 must never see), 1 on set-up errors.
 *
 * The store reports a damaged record as a plain miss, so the record file is
 * looked for first: a file that exists but reads as a miss is damaged.
 * NB: oauth_tokens_load deletes a record that fails authentication; that
 * is the server's behaviour and fine here (the test has failed by then). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "crypto.h"
#include "oauth.h"
#include "store.h"

int
main(int argc, char *argv[])
{
	struct oauth_tokens	 t;
	struct stat		 st;
	char			 hex[CRYPTO_HEX_LEN + 1], path[PATH_MAX];
	int			 rc;

	if (argc != 4) {
		fprintf(stderr, "usage: vault-read DATA_DIR KEY_FILE USER_ID\n");
		return 1;
	}
	/* Never let a missing key file be created here: a new key would
	 * make every old record look forged. */
	if (lstat(argv[2], &st) == -1) {
		fprintf(stderr, "vault-read: %s: %s\n", argv[2],
		    strerror(errno));
		return 1;
	}
	if (crypto_init() == -1 || crypto_key_load(argv[2]) == -1 ||
	    store_init(argv[1]) == -1)
		return 1;
	crypto_sha256_hex(argv[3], strlen(argv[3]), hex);
	snprintf(path, sizeof(path), "%s/%s/%s", argv[1],
	    store_kind_name(STORE_TOKENS), hex);
	if (lstat(path, &st) == -1) {
		crypto_key_unload();
		return errno == ENOENT ? 2 : 1;
	}
	rc = oauth_tokens_load(argv[3], &t);
	crypto_key_unload();
	if (rc != 0 || t.refresh == NULL) {
		fprintf(stderr, "vault-read: record %s is damaged (load: %d)\n",
		    path, rc);
		oauth_tokens_free(&t);
		return 3;
	}
	printf("%s\n", t.refresh);
	oauth_tokens_free(&t);
	return 0;
}
