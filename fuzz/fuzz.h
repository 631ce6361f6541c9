/* fuzz.h: what the libFuzzer targets in fuzz/ share.
 *
 * Each target feeds its input to one of Workdesk's parsers, the same
 * functions the server calls, and then checks properties of the result
 * with FUZZ_MUST: a broken property aborts, which libFuzzer reports as a
 * crash and saves, exactly like a memory error found by ASan or UBSan. */
#ifndef FUZZ_H
#define FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FUZZ_MUST(cond) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "%s:%d: property does not hold: %s\n",	\
		    __FILE__, __LINE__, #cond);				\
		abort();						\
	}								\
} while (0)

/* A NUL-terminated copy of data[0..n) (an embedded NUL ends the string, as
 * it would in a FastCGI parameter). Never NULL: aborts on no memory. */
static inline char *
fuzz_str(const uint8_t *data, size_t n)
{
	char	*s = malloc(n + 1);

	if (s == NULL)
		abort();
	memcpy(s, data, n);
	s[n] = '\0';
	return s;
}

/* Split data at the first byte sep: *a gets what precedes it (a new
 * string), the rest stays in *data / *n. No sep: everything goes to *a. */
static inline char *
fuzz_take(const uint8_t **data, size_t *n, uint8_t sep)
{
	const uint8_t	*p = memchr(*data, sep, *n);
	size_t		 k = p ? (size_t)(p - *data) : *n;
	char		*s = fuzz_str(*data, k);

	*data += p ? k + 1 : k;
	*n -= p ? k + 1 : k;
	return s;
}

#endif /* FUZZ_H */
