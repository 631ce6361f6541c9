/* fuzz-conf: the configuration file, parsed as conf_load parses it (the
 * file checks aside), then the cross-field checks.
 *
 * Properties: parse answers 0 or -1, and -1 always comes with a message
 * that names the file; a config that parses and passes the checks keeps
 * its numbers inside their documented ranges (positive threads, a page
 * budget, a cache TTL within the 24 h ceiling). */
#include <unistd.h>

#include "fuzz.h"
#include "conf.h"
#include "cache.h"

int	 LLVMFuzzerTestOneInput(const uint8_t *data, size_t n);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	struct conf	 c;
	char		*msg = NULL;
	size_t		 msglen = 0;
	FILE		*err;
	int		 rc;

	if ((err = open_memstream(&msg, &msglen)) == NULL)
		abort();
	conf_defaults(&c);
	rc = conf_parse(&c, (const char *)data, n, "fuzz.conf", err);
	FUZZ_MUST(rc == 0 || rc == -1);
	if (rc == 0 && conf_check(&c, err) == 0) {
		FUZZ_MUST(c.threads > 0);
		FUZZ_MUST(c.page_budget_ms > 0);
		FUZZ_MUST(c.cache_ttl_s >= 0 && c.cache_ttl_s <= CACHE_MAX_AGE_S);
	}
	fflush(err);
	if (rc == -1)
		FUZZ_MUST(msglen > 0 && strstr(msg, "fuzz.conf") != NULL);
	fclose(err);
	free(msg);
	conf_free(&c);
	return 0;
}
