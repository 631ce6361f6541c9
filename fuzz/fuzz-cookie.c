/* fuzz-cookie: the Cookie header. Browsers on localhost send other sites'
 * junk, so malformed pairs are skipped, never an error.
 *
 * Properties: at most REQ_COOKIES_MAX cookies, names unique and non-empty,
 * no name or value holds ';', and every name kept is a substring of the
 * header (values are never decoded). */
#include "fuzz.h"
#include "req.h"

int	 LLVMFuzzerTestOneInput(const uint8_t *data, size_t n);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	struct kvlist	 list = { NULL, 0 };
	char		*h = fuzz_str(data, n);
	size_t		 i, j;
	int		 rc;

	rc = req_parse_cookies(h, &list);
	FUZZ_MUST(rc == 0 || rc == -1);
	if (rc == 0) {
		FUZZ_MUST(list.n <= REQ_COOKIES_MAX);
		for (i = 0; i < list.n; i++) {
			FUZZ_MUST(list.v[i].key[0] != '\0');
			FUZZ_MUST(strchr(list.v[i].key, ';') == NULL);
			FUZZ_MUST(strchr(list.v[i].val, ';') == NULL);
			FUZZ_MUST(strstr(h, list.v[i].key) != NULL);
			FUZZ_MUST(strstr(h, list.v[i].val) != NULL);
			for (j = 0; j < i; j++)
				FUZZ_MUST(strcmp(list.v[i].key,
				    list.v[j].key) != 0);
		}
	}
	kvlist_free(&list);
	free(h);
	return 0;
}
