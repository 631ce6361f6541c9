/* fuzz-urlencoded: query strings and urlencoded bodies (security bar I1,
 * I4), then the job search read from them, as /jobs does.
 *
 * Properties: the parser answers 0, 400 or 413 (or -1 for no memory);
 * on 0 there are at most REQ_PARAMS_MAX pairs, every key and value is
 * valid UTF-8, and kv_get finds the first pair of each key. A search
 * that parses turns into a query string that parses again to the same
 * search (the links and saved searches depend on that round trip). */
#include "fuzz.h"
#include "req.h"
#include "search.h"

int	 LLVMFuzzerTestOneInput(const uint8_t *data, size_t n);

static void
round_trip(const struct search *s)
{
	struct kvlist	 again = { NULL, 0 };
	struct search	 t;
	struct buf	 q = BUF_INIT, err = BUF_INIT;

	FUZZ_MUST(search_query(s, 1, &q) == 0);
	FUZZ_MUST(req_parse_urlencoded(q.p ? q.p : "", q.len, &again) == 0);
	FUZZ_MUST(search_parse(&again, &t, &err) == 0);
	FUZZ_MUST(strcmp(s->q, t.q) == 0 && strcmp(s->skills, t.skills) == 0);
	FUZZ_MUST(strcmp(s->category, t.category) == 0);
	FUZZ_MUST(s->type == t.type && s->level == t.level);
	FUZZ_MUST(s->hourly_min == t.hourly_min && s->hourly_max == t.hourly_max);
	FUZZ_MUST(s->budget_min == t.budget_min && s->budget_max == t.budget_max);
	FUZZ_MUST(s->verified == t.verified && s->hires_min == t.hires_min);
	FUZZ_MUST(s->proposals_max == t.proposals_max);
	FUZZ_MUST(s->posted_days == t.posted_days && s->sort == t.sort);
	FUZZ_MUST(strcmp(s->after, t.after) == 0);
	buf_free(&q);
	buf_free(&err);
	kvlist_free(&again);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	struct kvlist	 list = { NULL, 0 };
	struct search	 s;
	struct buf	 err = BUF_INIT;
	json_t		*vars;
	size_t		 i, j;
	int		 rc;

	rc = req_parse_urlencoded((const char *)data, n, &list);
	FUZZ_MUST(rc == 0 || rc == 400 || rc == 413 || rc == -1);
	if (rc == 0) {
		FUZZ_MUST(list.n <= REQ_PARAMS_MAX);
		for (i = 0; i < list.n; i++) {
			const char *k = list.v[i].key, *v = list.v[i].val;

			FUZZ_MUST(req_utf8_valid((unsigned char *)k, strlen(k)));
			FUZZ_MUST(req_utf8_valid((unsigned char *)v, strlen(v)));
			for (j = 0; j < i && strcmp(list.v[j].key, k) != 0; j++)
				continue;
			FUZZ_MUST(kv_get(&list, k) == list.v[j].val);
		}
		if (search_parse(&list, &s, &err) == 0) {
			FUZZ_MUST(err.len == 0);
			round_trip(&s);
			if ((vars = search_vars(&s, 1)) != NULL)
				json_decref(vars);
		} else
			FUZZ_MUST(err.len > 0);
	}
	buf_free(&err);
	kvlist_free(&list);
	return 0;
}
