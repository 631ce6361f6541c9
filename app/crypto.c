/* crypto.c: libsodium behind a few functions with obvious contracts. */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "crypto.h"

#define KEY_LEN		crypto_aead_xchacha20poly1305_ietf_KEYBYTES
#define NONCE_LEN	crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define SEAL_VERSION	1
#define SEAL_KEY_ID	1	/* K5: lets a later key rotation tell keys apart */

/* The one process-wide secret, read-only after crypto_key_load. */
static unsigned char	 token_key[KEY_LEN];
static int		 token_key_loaded;

int
crypto_init(void)
{
	return sodium_init() < 0 ? -1 : 0;
}

void
crypto_token(char out[CRYPTO_TOKEN_LEN + 1])
{
	unsigned char	 rnd[32];

	randombytes_buf(rnd, sizeof(rnd));
	sodium_bin2base64(out, CRYPTO_TOKEN_LEN + 1, rnd, sizeof(rnd),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(rnd, sizeof(rnd));
}

void
crypto_sha256_hex(const void *data, size_t len, char out[CRYPTO_HEX_LEN + 1])
{
	unsigned char	 h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, data, len);
	sodium_bin2hex(out, CRYPTO_HEX_LEN + 1, h, sizeof(h));
}

void
crypto_pkce_s256(const char *verifier, char out[CRYPTO_TOKEN_LEN + 1])
{
	unsigned char	 h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, (const unsigned char *)verifier, strlen(verifier));
	sodium_bin2base64(out, CRYPTO_TOKEN_LEN + 1, h, sizeof(h),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

int
crypto_streq(const char *a, const char *b)
{
	size_t	 n = strlen(a);

	if (n != strlen(b))
		return 0;
	return n == 0 || sodium_memcmp(a, b, n) == 0;
}

/* fsync the directory holding path, so a new file's name is durable. */
static int
fsync_parent(const char *path)
{
	char	*copy, *dir;
	int	 fd, rc = -1;

	if ((copy = strdup(path)) == NULL)
		return -1;
	dir = dirname(copy);
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) != -1) {
		rc = fsync(fd);
		close(fd);
	}
	free(copy);
	return rc;
}

static int
key_create(const char *path)
{
	unsigned char	 key[KEY_LEN];
	mode_t		 old;
	ssize_t		 n;
	int		 fd;

	old = umask(077);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	    0600);
	umask(old);
	if (fd == -1) {
		fprintf(stderr, "key file %s: cannot create: %s\n", path,
		    strerror(errno));
		return -1;
	}
	crypto_aead_xchacha20poly1305_ietf_keygen(key);
	do
		n = write(fd, key, sizeof(key));
	while (n == -1 && errno == EINTR);
	sodium_memzero(key, sizeof(key));
	if (n != (ssize_t)sizeof(key) || fsync(fd) == -1) {
		fprintf(stderr, "key file %s: cannot write: %s\n", path,
		    strerror(errno));
		close(fd);
		unlink(path);
		return -1;
	}
	if (close(fd) == -1 || fsync_parent(path) == -1) {
		fprintf(stderr, "key file %s: cannot sync\n", path);
		unlink(path);
		return -1;
	}
	fprintf(stderr, "key file %s: created (keep it out of backups of "
	    "the data directory; losing it means every user reconnects)\n",
	    path);
	return 0;
}

int
crypto_key_load(const char *path)
{
	unsigned char	 key[KEY_LEN];
	struct stat	 st;
	ssize_t		 n;
	int		 fd;

	if (lstat(path, &st) == -1) {
		if (errno != ENOENT) {
			fprintf(stderr, "key file %s: %s\n", path,
			    strerror(errno));
			return -1;
		}
		if (key_create(path) == -1)
			return -1;
	}
	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) == -1) {
		fprintf(stderr, "key file %s: refusing it: %s%s\n", path,
		    strerror(errno), errno == ELOOP ? " (a symlink)" : "");
		return -1;
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		fprintf(stderr, "key file %s: refusing it: not a regular "
		    "file\n", path);
		goto bad;
	}
	if (st.st_uid != geteuid()) {
		fprintf(stderr, "key file %s: refusing it: owned by uid %u, "
		    "not by us (uid %u)\n", path, (unsigned)st.st_uid,
		    (unsigned)geteuid());
		goto bad;
	}
	if (st.st_mode & 077) {
		fprintf(stderr, "key file %s: refusing it: mode %03o lets "
		    "group or others in; chmod 600 it\n", path,
		    (unsigned)(st.st_mode & 0777));
		goto bad;
	}
	if (st.st_size != KEY_LEN) {
		fprintf(stderr, "key file %s: refusing it: %lld bytes, "
		    "expected %d\n", path, (long long)st.st_size, KEY_LEN);
		goto bad;
	}
	do
		n = read(fd, key, KEY_LEN);
	while (n == -1 && errno == EINTR);
	if (n != KEY_LEN) {
		fprintf(stderr, "key file %s: short read\n", path);
		goto bad;
	}
	close(fd);
	/* Only a key that passed every check replaces the one in use. */
	memcpy(token_key, key, KEY_LEN);
	sodium_memzero(key, sizeof(key));
	token_key_loaded = 1;
	return 0;
bad:
	close(fd);
	sodium_memzero(key, sizeof(key));
	return -1;
}

void
crypto_key_unload(void)
{
	sodium_memzero(token_key, sizeof(token_key));
	token_key_loaded = 0;
}

static int
make_aad(struct buf *aad, const char *user_id, const char *type)
{
	return buf_printf(aad, "tok|v1|%s|%s", user_id, type);
}

int
crypto_seal(const char *user_id, const char *type, const void *pt,
    size_t ptlen, struct buf *out)
{
	unsigned char		 hdr[2 + NONCE_LEN];
	unsigned long long	 clen;
	struct buf		 aad = BUF_INIT;
	size_t			 need, at;
	int			 rc = -1;

	if (!token_key_loaded || make_aad(&aad, user_id, type) == -1)
		goto out;
	hdr[0] = SEAL_VERSION;
	hdr[1] = SEAL_KEY_ID;
	randombytes_buf(hdr + 2, NONCE_LEN);
	if (__builtin_add_overflow(ptlen,
	    crypto_aead_xchacha20poly1305_ietf_ABYTES, &need))
		goto out;
	at = out->len;
	if (buf_append(out, hdr, sizeof(hdr)) == -1)
		goto out;
	/* Grow by need bytes, then encrypt in place into that room. */
	if (buf_append(out, pt, ptlen) == -1 ||
	    buf_append(out, hdr, crypto_aead_xchacha20poly1305_ietf_ABYTES) == -1)
		goto out;
	crypto_aead_xchacha20poly1305_ietf_encrypt(
	    (unsigned char *)out->p + at + sizeof(hdr), &clen,
	    pt, ptlen, (unsigned char *)aad.p, aad.len, NULL, hdr + 2,
	    token_key);
	rc = 0;
out:
	buf_free(&aad);
	return rc;
}

int
crypto_open(const char *user_id, const char *type, const void *ct,
    size_t ctlen, struct buf *out)
{
	const unsigned char	*c = ct;
	unsigned long long	 plen;
	struct buf		 aad = BUF_INIT;
	unsigned char		*pt = NULL;
	size_t			 body;
	int			 rc = -1;

	if (!token_key_loaded || ctlen < 2 + NONCE_LEN +
	    crypto_aead_xchacha20poly1305_ietf_ABYTES)
		return -1;
	if (c[0] != SEAL_VERSION || c[1] != SEAL_KEY_ID)
		return -1;
	body = ctlen - 2 - NONCE_LEN;
	if (make_aad(&aad, user_id, type) == -1 ||
	    (pt = malloc(body)) == NULL)
		goto out;
	if (crypto_aead_xchacha20poly1305_ietf_decrypt(pt, &plen, NULL,
	    c + 2 + NONCE_LEN, body, (unsigned char *)aad.p, aad.len,
	    c + 2, token_key) != 0)
		goto out;
	rc = buf_append(out, pt, (size_t)plen);
out:
	if (pt) {
		sodium_memzero(pt, body);
		free(pt);
	}
	buf_free(&aad);
	return rc;
}
