/* fuzz-format: the formatters that take what people type (amounts, text
 * areas) or Upwork's values (decimals, times) one string at a time.
 *
 * Properties: an amount a form accepts is also a whole number of cents
 * above zero; cents parsed from a decimal string format back to the same
 * number; a copied text is cut at max bytes on a character boundary with
 * every line end as LF and stays valid UTF-8; excerpts and formatted values
 * are NUL-terminated valid UTF-8 inside their buffers. */
#include "fuzz.h"
#include "format.h"
#include "req.h"

int	 LLVMFuzzerTestOneInput(const uint8_t *data, size_t n);

static void
text_ok(const char *s, size_t size)
{
	size_t	 n = strnlen(s, size);

	FUZZ_MUST(n < size);
	FUZZ_MUST(req_utf8_valid((const unsigned char *)s, n));
}

/* "$1,234.56" / "-$0.10" back to cents. */
static long long
cents_back(const char *s)
{
	long long	 v = 0;
	int		 neg = *s == '-';

	for (; *s; s++)
		if (*s >= '0' && *s <= '9')
			v = v * 10 + (*s - '0');
	return neg ? -v : v;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	char		 out[128], *s, *copy;
	long long	 cents;
	size_t		 len, max;
	int		 valid;

	s = fuzz_str(data, n);
	valid = req_utf8_valid((unsigned char *)s, strlen(s));

	if (format_amount_ok(s)) {
		FUZZ_MUST(format_cents_parse(s, &cents) == 0);
		FUZZ_MUST(cents > 0);
	}
	if (format_cents_parse(s, &cents) == 0) {
		format_cents(out, sizeof(out), cents, "USD");
		text_ok(out, sizeof(out));
		FUZZ_MUST(cents_back(out) == cents);
	}
	if (format_decimal(out, sizeof(out), s, "EUR") == 0)
		text_ok(out, sizeof(out));
	format_parse_time(s);
	format_ago(out, sizeof(out), format_parse_time(s), 1800000000);
	text_ok(out, sizeof(out));

	if (valid) {
		format_excerpt(out, sizeof(out), s);
		text_ok(out, sizeof(out));
		max = n ? data[0] % 64 : 0;
		if ((copy = format_text_copy(s, max, &len)) == NULL)
			abort();
		FUZZ_MUST(len == strlen(copy) && len <= max);
		FUZZ_MUST(req_utf8_valid((unsigned char *)copy, len));
		FUZZ_MUST(strchr(copy, '\r') == NULL);
		free(copy);
	}
	free(s);
	return 0;
}
