/* fuzz-pct: percent-decoding and the UTF-8 check (security bar I4), on
 * paths (no '+' rule) and form values ('+' is a space).
 *
 * Properties: a decoded string holds no NUL, is valid UTF-8, is never
 * longer than its source; a source without '%' or '+' that is valid
 * UTF-8 without NUL decodes to itself; decoding accepts only what the
 * UTF-8 check accepts. */
#include "fuzz.h"
#include "req.h"

int	 LLVMFuzzerTestOneInput(const uint8_t *data, size_t n);

static void
one(const uint8_t *data, size_t n, int plus_space)
{
	char	*out = NULL;
	int	 rc, plain, valid;

	rc = req_pct_decode((const char *)data, n, plus_space, &out);
	plain = memchr(data, '%', n) == NULL && memchr(data, '+', n) == NULL &&
	    memchr(data, '\0', n) == NULL;
	valid = req_utf8_valid(data, n);
	if (rc == 0) {
		FUZZ_MUST(out != NULL);
		FUZZ_MUST(strlen(out) <= n);
		FUZZ_MUST(req_utf8_valid((unsigned char *)out, strlen(out)));
		if (plain)
			FUZZ_MUST(strlen(out) == n && memcmp(out, data, n) == 0);
		free(out);
	} else {
		FUZZ_MUST(rc == -1);
		FUZZ_MUST(!(plain && valid));
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	one(data, n, 0);
	one(data, n, 1);
	return 0;
}
