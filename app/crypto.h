/* crypto.h: random ids, hashes, the token key file and sealing (libsodium). */
#ifndef CRYPTO_H
#define CRYPTO_H

#include <stddef.h>

#include "buf.h"

#define CRYPTO_TOKEN_LEN	43	/* base64url of 32 random bytes, no padding */
#define CRYPTO_HEX_LEN		64	/* SHA-256 in hex */

/* sodium_init; 0 or -1. */
int	 crypto_init(void);
/* 32 bytes from the CSPRNG as 43 base64url characters + NUL. */
void	 crypto_token(char out[CRYPTO_TOKEN_LEN + 1]);
/* SHA-256 of data as lower-case hex + NUL. */
void	 crypto_sha256_hex(const void *data, size_t len,
	    char out[CRYPTO_HEX_LEN + 1]);
/* PKCE S256: BASE64URL(SHA-256(verifier)), 43 chars + NUL. */
void	 crypto_pkce_s256(const char *verifier, char out[CRYPTO_TOKEN_LEN + 1]);
/* Constant-time equality of two NUL-terminated strings; a length
 * difference returns 0 without comparing contents. */
int	 crypto_streq(const char *a, const char *b);

/* Load the key file, creating it if it does not exist (security bar K2).
 * Refuses (-1, message on stderr) a symlink, a file that is not exactly 32
 * bytes, not owned by us, or readable/writable by group or others (K3). */
int	 crypto_key_load(const char *path);
/* Forget the key (zeroed). */
void	 crypto_key_unload(void);

/* Seal plaintext for one user and record type (XChaCha20-Poly1305; the AAD
 * binds "tok|v1|user|type", so a record copied to another user fails, K1).
 * Appends version|key-id|nonce|ciphertext+tag to out. 0 or -1. */
int	 crypto_seal(const char *user_id, const char *type,
	    const void *pt, size_t ptlen, struct buf *out);
/* Open what crypto_seal made. Appends the plaintext to out. 0, or -1 when the
 * record is forged, damaged, or belongs to another user or type. */
int	 crypto_open(const char *user_id, const char *type,
	    const void *ct, size_t ctlen, struct buf *out);

#endif /* CRYPTO_H */
