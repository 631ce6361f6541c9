/* fuzz-json: what Upwork sends back (security bar I8): a GraphQL answer
 * classified into data or one typed error, then every value in it through
 * the formatters the pages use; and the token endpoint's answer.
 *
 * The first byte picks the HTTP status and Content-Type, the rest is the
 * body. Properties: the classification is one of the typed errors and
 * data is present exactly on UPWORK_OK; a permission error names its
 * fields; formatted values are valid UTF-8 and NUL-terminated within their
 * buffer; questions come out sorted by sequence number; a token answer
 * that parses has both tokens. */
#include "fuzz.h"
#include "format.h"
#include "oauth.h"
#include "page.h"
#include "req.h"
#include "upwork.h"

int	 LLVMFuzzerTestOneInput(const uint8_t *data, size_t n);

static const long	 statuses[8] = { 200, 200, 200, 400, 401, 403, 429, 500 };
static const char *const types[4] = {
	"application/json", "application/json; charset=utf-8", "text/html",
	NULL,
};

static void
text_ok(const char *s, size_t size)
{
	size_t	 n = strnlen(s, size);

	FUZZ_MUST(n < size);
	FUZZ_MUST(req_utf8_valid((const unsigned char *)s, n));
}

static void
walk(json_t *v, int depth)
{
	char		 out[256];
	const char	*k, *s;
	json_t		*it, *qs[16];
	long long	 cents;
	size_t		 i, nq;

	FUZZ_MUST(depth <= 64 + 2);
	if (json_is_object(v)) {
		format_money(out, sizeof(out), v);
		text_ok(out, sizeof(out));
		json_object_foreach(v, k, it)
			walk(it, depth + 1);
	} else if (json_is_array(v)) {
		nq = page_questions(v, qs, 16);
		FUZZ_MUST(nq <= 16 && nq <= json_array_size(v));
		for (i = 1; i < nq; i++)
			FUZZ_MUST(json_integer_value(json_object_get(qs[i - 1],
			    "sequenceNumber")) <= json_integer_value(
			    json_object_get(qs[i], "sequenceNumber")));
		json_array_foreach(v, i, it)
			walk(it, depth + 1);
	} else if ((s = json_string_value(v)) != NULL &&
	    strlen(s) == json_string_length(v) &&
	    req_utf8_valid((const unsigned char *)s, strlen(s))) {
		format_excerpt(out, sizeof(out), s);
		text_ok(out, sizeof(out));
		format_excerpt(out, 8, s);
		text_ok(out, 8);
		if (format_decimal(out, sizeof(out), s, "USD") == 0)
			text_ok(out, sizeof(out));
		if (format_cents_parse(s, &cents) == 0) {
			format_cents(out, sizeof(out), cents, "EUR");
			text_ok(out, sizeof(out));
		}
		format_parse_time(s);
		if (format_upwork_job_url(out, sizeof(out), s))
			FUZZ_MUST(strncmp(out, "https://www.upwork.com/jobs/~",
			    29) == 0);
		if (format_id_ok(s))
			FUZZ_MUST(strspn(s, "0123456789") == strlen(s));
		format_room_id_ok(s);
		k = format_level(s);
		FUZZ_MUST(req_utf8_valid((const unsigned char *)k, strlen(k)));
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	struct upwork_res	 u;
	struct oauth_tokens	 tok;
	enum upwork_err		 e;
	uint8_t			 mode;

	if (n < 1)
		return 0;
	mode = data[0];
	data++;
	n--;

	memset(&u, 0, sizeof(u));
	e = upwork_classify(statuses[mode & 7], types[(mode >> 3) & 3],
	    (const char *)data, n, &u);
	FUZZ_MUST(e == u.err && e < UPWORK__MAX && e != UPWORK_EUNAVAILABLE);
	FUZZ_MUST((e == UPWORK_OK) == (u.data != NULL));
	if (e == UPWORK_EPERMISSION && u.fields != NULL)
		FUZZ_MUST(u.fields[0] != '\0');
	if (u.message != NULL)
		FUZZ_MUST(strlen(u.message) < 64 * 1024 + n);
	if (u.data != NULL)
		walk(u.data, 0);
	upwork_res_free(&u);

	if (mode & 0x20) {
		if (oauth_parse_tokens((const char *)data, n, 1700000000,
		    &tok) == 0)
			FUZZ_MUST(tok.access != NULL && tok.refresh != NULL &&
			    tok.access[0] != '\0' && tok.refresh[0] != '\0');
		oauth_tokens_free(&tok);
	}
	return 0;
}
