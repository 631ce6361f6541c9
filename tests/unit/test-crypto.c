/* test-crypto.c: ids, hashes, PKCE, the key file (security bar K2, K3)
 * and sealing tokens so a record only opens for its own user and type (K1). */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "crypto.h"
#include "t.h"

#define TOKENS	10000

static char	 tmpdir[] = "/tmp/wd-crypto-XXXXXX";

static int
cmp_tok(const void *a, const void *b)
{
	return strcmp(a, b);
}

static int
is_b64url(const char *s)
{
	for (; *s; s++)
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
		    (*s >= '0' && *s <= '9') || *s == '-' || *s == '_'))
			return 0;
	return 1;
}

static void
test_ids(void)
{
	char	(*toks)[CRYPTO_TOKEN_LEN + 1];
	char	 hex[CRYPTO_HEX_LEN + 1], pkce[CRYPTO_TOKEN_LEN + 1];
	size_t	 i, bad = 0, dups = 0;

	toks = calloc(TOKENS, sizeof(*toks));
	for (i = 0; i < TOKENS; i++) {
		crypto_token(toks[i]);
		if (strlen(toks[i]) != CRYPTO_TOKEN_LEN || !is_b64url(toks[i]))
			bad++;
	}
	T_EQ_INT(strlen(toks[0]), 43, "token is 43 characters");
	T_OK(is_b64url(toks[0]), "token is base64url: %s", toks[0]);
	T_EQ_INT(bad, 0, "every token 43 base64url characters");
	qsort(toks, TOKENS, sizeof(*toks), cmp_tok);
	for (i = 1; i < TOKENS; i++)
		if (strcmp(toks[i - 1], toks[i]) == 0)
			dups++;
	T_EQ_INT(dups, 0, "10,000 tokens, no duplicate");
	free(toks);

	crypto_sha256_hex("abc", 3, hex);
	T_EQ_STR(hex, "ba7816bf8f01cfea414140de5dae2223"
	    "b00361a396177a9cb410ff61f20015ad", "SHA-256(\"abc\")");
	crypto_sha256_hex("", 0, hex);
	T_EQ_STR(hex, "e3b0c44298fc1c149afbf4c8996fb924"
	    "27ae41e4649b934ca495991b7852b855", "SHA-256(\"\")");
	crypto_sha256_hex("a\0b", 3, hex);
	T_OK(strcmp(hex, "ca978112ca1bbdcafac231b39a23dc4d"
	    "a786eff8147c4e72b9807785afee48bb") != 0,
	    "length honoured past a NUL (not SHA-256(\"a\"))");

	/* RFC 7636 Appendix B. */
	crypto_pkce_s256("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk", pkce);
	T_EQ_STR(pkce, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
	    "PKCE S256 of the RFC 7636 verifier");

	T_EQ_INT(crypto_streq("abc", "abc"), 1, "equal");
	T_EQ_INT(crypto_streq("abc", "abd"), 0, "last byte differs");
	T_EQ_INT(crypto_streq("xbc", "abc"), 0, "first byte differs");
	T_EQ_INT(crypto_streq("abc", "abcd"), 0, "prefix");
	T_EQ_INT(crypto_streq("abcd", "abc"), 0, "longer");
	T_EQ_INT(crypto_streq("", ""), 1, "both empty");
	T_EQ_INT(crypto_streq("", "a"), 0, "empty vs one");
}

static int
write_bytes(const char *path, size_t n, mode_t mode)
{
	unsigned char	 b[64];
	int		 fd;

	memset(b, 0x42, sizeof(b));
	unlink(path);
	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600)) == -1)
		return -1;
	if (write(fd, b, n) != (ssize_t)n) {
		close(fd);
		return -1;
	}
	close(fd);
	return chmod(path, mode);
}

static int
read_key(const char *path, unsigned char out[33], ssize_t *n)
{
	int	 fd;

	if ((fd = open(path, O_RDONLY)) == -1)
		return -1;
	*n = read(fd, out, 33);
	close(fd);
	return 0;
}

static int
exists(const char *path)
{
	struct stat	 st;

	return lstat(path, &st) == 0;
}

/* Seal pt for user and type into a fresh buffer (caller frees). */
static int
seal(const char *user, const char *type, const char *pt, struct buf *out)
{
	return crypto_seal(user, type, pt, strlen(pt), out);
}

static int
open_eq(const char *user, const char *type, const struct buf *ct,
    const char *want)
{
	struct buf	 pt = BUF_INIT;
	int		 ok;

	ok = crypto_open(user, type, ct->p, ct->len, &pt) == 0 &&
	    pt.len == strlen(want) && memcmp(pt.p, want, pt.len) == 0;
	buf_free(&pt);
	return ok;
}

/* crypto_open must fail and leave out empty. */
static int
open_fails(const char *user, const char *type, const void *ct, size_t len)
{
	struct buf	 pt = BUF_INIT;
	int		 rc;

	rc = crypto_open(user, type, ct, len, &pt);
	rc = rc == -1 && pt.len == 0;
	buf_free(&pt);
	return rc;
}

static void
test_key_file(void)
{
	char		 key[256], other[256], path[256];
	unsigned char	 k1[33], k2[33];
	struct buf	 ct = BUF_INIT;
	struct stat	 st;
	ssize_t		 n1 = 0, n2 = 0;

	/* Nothing seals or opens before a key is loaded. */
	T_EQ_INT(seal("u1", "access", "secret", &ct), -1, "seal without key");
	T_EQ_INT(ct.len, 0, "nothing appended without a key");
	{
		unsigned char junk[64];
		memset(junk, 1, sizeof(junk));
		T_OK(open_fails("u1", "access", junk, sizeof(junk)),
		    "open without key fails");
	}

	snprintf(key, sizeof(key), "%s/token.key", tmpdir);
	T_EQ_INT(crypto_key_load(key), 0, "absent key file is created");
	T_OK(lstat(key, &st) == 0 && S_ISREG(st.st_mode), "regular file");
	T_EQ_INT(st.st_mode & 0777, 0600, "created 0600");
	T_EQ_INT(st.st_size, 32, "32 bytes");
	T_EQ_INT(st.st_uid, geteuid(), "owned by us");
	read_key(key, k1, &n1);
	T_EQ_INT(crypto_key_load(key), 0, "existing key file loads");
	read_key(key, k2, &n2);
	T_OK(n1 == 32 && n2 == 32 && memcmp(k1, k2, 32) == 0,
	    "loading does not rewrite the key");

	T_EQ_INT(chmod(key, 0644), 0, "chmod 0644");
	T_EQ_INT(crypto_key_load(key), -1, "0644 key refused");
	T_EQ_INT(chmod(key, 0604), 0, "chmod 0604");
	T_EQ_INT(crypto_key_load(key), -1, "other-readable key refused");
	T_EQ_INT(chmod(key, 0620), 0, "chmod 0620");
	T_EQ_INT(crypto_key_load(key), -1, "group-writable key refused");
	T_EQ_INT(chmod(key, 0600), 0, "chmod 0600");

	snprintf(path, sizeof(path), "%s/link.key", tmpdir);
	T_EQ_INT(symlink(key, path), 0, "symlink to the key");
	T_EQ_INT(crypto_key_load(path), -1, "symlinked key refused");
	snprintf(other, sizeof(other), "%s/nowhere.key", tmpdir);
	snprintf(path, sizeof(path), "%s/dangling.key", tmpdir);
	T_EQ_INT(symlink(other, path), 0, "dangling symlink");
	T_EQ_INT(crypto_key_load(path), -1, "dangling symlink refused");
	T_OK(!exists(other), "no key created through a dangling symlink");

	snprintf(path, sizeof(path), "%s/short.key", tmpdir);
	T_EQ_INT(write_bytes(path, 31, 0600), 0, "31-byte file");
	T_EQ_INT(crypto_key_load(path), -1, "31-byte key refused");
	T_EQ_INT(write_bytes(path, 33, 0600), 0, "33-byte file");
	T_EQ_INT(crypto_key_load(path), -1, "33-byte key refused");
	T_EQ_INT(write_bytes(path, 0, 0600), 0, "empty file");
	T_EQ_INT(crypto_key_load(path), -1, "empty key refused");
	T_EQ_INT(crypto_key_load(tmpdir), -1, "a directory refused");
	if (geteuid() == 0) {
		T_EQ_INT(write_bytes(path, 32, 0600), 0, "32-byte file");
		T_EQ_INT(chown(path, 65534, 65534), 0, "chown");
		T_EQ_INT(crypto_key_load(path), -1, "someone else's key refused");
	} else
		printf("skip: owner check needs root\n");
	buf_free(&ct);
}

static void
test_seal(void)
{
	char		 key[256], key2[256];
	struct buf	 ct = BUF_INIT, ct2 = BUF_INIT, pt = BUF_INIT;
	unsigned char	*bad;
	size_t		 i, wrong = 0;

	snprintf(key, sizeof(key), "%s/token.key", tmpdir);
	T_EQ_INT(crypto_key_load(key), 0, "load the key");

	T_EQ_INT(seal("u1", "access", "s3cret-token", &ct), 0, "seal");
	T_EQ_INT(ct.len, 2 + 24 + 12 + 16, "version, key id, nonce, ct, tag");
	T_OK((unsigned char)ct.p[0] == 1 && (unsigned char)ct.p[1] == 1,
	    "version 1, key id 1");
	T_OK(memmem(ct.p, ct.len, "s3cret", 6) == NULL, "plaintext not visible");
	T_OK(open_eq("u1", "access", &ct, "s3cret-token"), "round trip");

	/* K1: the record belongs to one user and one record type. */
	T_OK(open_fails("u2", "access", ct.p, ct.len), "another user fails");
	T_OK(open_fails("u1", "refresh", ct.p, ct.len), "another type fails");
	T_OK(open_fails("u", "access", ct.p, ct.len), "a prefix of the user");
	T_OK(open_fails("u1x", "access", ct.p, ct.len), "a longer user");
	T_OK(open_fails("", "", ct.p, ct.len), "empty user and type");

	/* Any flipped byte (header, nonce, ciphertext or tag) fails. */
	bad = malloc(ct.len);
	for (i = 0; i < ct.len; i++) {
		memcpy(bad, ct.p, ct.len);
		bad[i] ^= 0x01;
		if (!open_fails("u1", "access", bad, ct.len)) {
			fprintf(stderr, "flipped byte %zu opened\n", i);
			wrong++;
		}
	}
	T_EQ_INT(wrong, 0, "every flipped byte fails");
	for (wrong = 0, i = 0; i < ct.len; i++)
		if (!open_fails("u1", "access", ct.p, i))
			wrong++;
	T_EQ_INT(wrong, 0, "every truncation fails");
	free(bad);

	/* Random nonces: the same plaintext never seals the same way. */
	T_EQ_INT(seal("u1", "access", "s3cret-token", &ct2), 0, "seal again");
	T_OK(ct.len == ct2.len && memcmp(ct.p, ct2.p, ct.len) != 0,
	    "two seals of one plaintext differ");
	T_OK(memcmp(ct.p + 2, ct2.p + 2, 24) != 0, "the nonces differ");
	T_OK(open_eq("u1", "access", &ct2, "s3cret-token"), "second opens");

	/* seal appends; the earlier bytes stay. */
	buf_reset(&ct2);
	buf_puts(&ct2, "prefix");
	T_EQ_INT(seal("u1", "access", "", &ct2), 0, "seal empty plaintext");
	T_OK(ct2.len == 6 + 2 + 24 + 16 && memcmp(ct2.p, "prefix", 6) == 0,
	    "seal appends to out");
	T_EQ_INT(crypto_open("u1", "access", ct2.p + 6, ct2.len - 6, &pt), 0,
	    "open empty plaintext");
	T_EQ_INT(pt.len, 0, "empty plaintext back");

	/* Another key cannot open it; the first key can again. */
	snprintf(key2, sizeof(key2), "%s/second.key", tmpdir);
	T_EQ_INT(crypto_key_load(key2), 0, "load a second key");
	T_OK(open_fails("u1", "access", ct.p, ct.len), "another key fails");
	T_EQ_INT(crypto_key_load(key), 0, "back to the first key");
	T_OK(open_eq("u1", "access", &ct, "s3cret-token"), "first key opens");

	crypto_key_unload();
	T_OK(open_fails("u1", "access", ct.p, ct.len), "open after unload");
	buf_reset(&ct2);
	T_EQ_INT(seal("u1", "access", "x", &ct2), -1, "seal after unload");

	/* A refused key file must not leave the module sealing with a key
	 * nobody chose: either sealing stops, or the old key stays. */
	T_EQ_INT(crypto_key_load(key), 0, "load the key");
	T_EQ_INT(chmod(key2, 0644), 0, "open up the second key");
	T_EQ_INT(crypto_key_load(key2), -1, "refused");
	buf_reset(&ct2);
	{
		int sealed = seal("u1", "access", "x", &ct2) == 0;
		int old_ok = open_eq("u1", "access", &ct, "s3cret-token");
		T_OK(!sealed || old_ok, "after a refused key file, seal %s and "
		    "the old key %s", sealed ? "works" : "fails",
		    old_ok ? "still opens" : "is gone (sealing with a zeroed "
		    "key)");
	}
	crypto_key_unload();
	buf_free(&ct);
	buf_free(&ct2);
	buf_free(&pt);
}

int
main(void)
{
	if (crypto_init() == -1 || mkdtemp(tmpdir) == NULL) {
		fprintf(stderr, "setup: %s\n", strerror(errno));
		return 1;
	}
	test_ids();
	test_key_file();
	test_seal();
	t_rmtree(tmpdir);
	return t_done("test-crypto");
}
