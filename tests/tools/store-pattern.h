/* store-pattern.h: the self-checking payload that store-writer writes and
 * store-check verifies (security bar test 23). Included by both; static inline,
 * so a file that uses only half of it compiles without warnings.
 * NB: the Makefile's tool rule does not list this header, so after editing
 * it remove build/tools/store-writer and build/tools/store-check.
 *
 * Payload: "SWP1" | writer pid (4) | counter (8) | key length (2) | key |
 * n (4) | n random bytes | SHA-256 of everything before it (32); numbers
 * big-endian. The store already checksums whole records; this checks the
 * store end to end: a payload torn, mixed from two writes, or filed under
 * another key fails here even if it passed the store's own checks. */
#ifndef STORE_PATTERN_H
#define STORE_PATTERN_H

#include <stdint.h>
#include <string.h>

#include <sodium.h>

#include "buf.h"

#define PATTERN_MAGIC		"SWP1"
#define PATTERN_FIXED		(4 + 4 + 8 + 2 + 4 + crypto_hash_sha256_BYTES)
#define PATTERN_RANDOM_MAX	6000	/* random bytes: up to 2 pages */

static inline void
pattern_put_be(unsigned char *p, uint64_t v, int n)
{
	while (n--) {
		p[n] = (unsigned char)(v & 0xff);
		v >>= 8;
	}
}

static inline uint64_t
pattern_get_be(const unsigned char *p, int n)
{
	uint64_t v = 0;

	while (n--)
		v = v << 8 | *p++;
	return v;
}

/* Append a fresh payload for key to out (which should be empty). 0 or -1. */
static inline int
pattern_make(struct buf *out, const char *key, uint32_t pid,
    uint64_t counter)
{
	unsigned char	 num[8], rnd[PATTERN_RANDOM_MAX];
	unsigned char	 sum[crypto_hash_sha256_BYTES];
	size_t		 klen = strlen(key), at = out->len;
	uint32_t	 n = randombytes_uniform(PATTERN_RANDOM_MAX + 1);

	if (klen > 0xffff)
		return -1;
	randombytes_buf(rnd, n);
	if (buf_append(out, PATTERN_MAGIC, 4) == -1)
		return -1;
	pattern_put_be(num, pid, 4);
	if (buf_append(out, num, 4) == -1)
		return -1;
	pattern_put_be(num, counter, 8);
	if (buf_append(out, num, 8) == -1)
		return -1;
	pattern_put_be(num, klen, 2);
	if (buf_append(out, num, 2) == -1 || buf_append(out, key, klen) == -1)
		return -1;
	pattern_put_be(num, n, 4);
	if (buf_append(out, num, 4) == -1 || buf_append(out, rnd, n) == -1)
		return -1;
	crypto_hash_sha256(sum, (unsigned char *)out->p + at, out->len - at);
	return buf_append(out, sum, sizeof(sum));
}

/* 1 when p[0..len) is a whole, untorn payload made for key, else 0. */
static inline int
pattern_ok(const void *data, size_t len, const char *key)
{
	const unsigned char	*p = data;
	unsigned char		 sum[crypto_hash_sha256_BYTES];
	size_t			 klen, n;

	if (len < PATTERN_FIXED || memcmp(p, PATTERN_MAGIC, 4) != 0)
		return 0;
	klen = pattern_get_be(p + 16, 2);
	if (len < PATTERN_FIXED + klen || klen != strlen(key) ||
	    memcmp(p + 18, key, klen) != 0)
		return 0;
	n = pattern_get_be(p + 18 + klen, 4);
	if (len != PATTERN_FIXED + klen + n)
		return 0;
	crypto_hash_sha256(sum, p, len - sizeof(sum));
	return memcmp(sum, p + len - sizeof(sum), sizeof(sum)) == 0;
}

#endif /* STORE_PATTERN_H */
