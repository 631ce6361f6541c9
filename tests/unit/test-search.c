/* test-search.c: job search parameters: checked once, and their two
 * translations (query string, Upwork variables). */
#include <stdlib.h>
#include <string.h>

#include "search.h"
#include "t.h"

/* Parse a query string; 0 or -1. err gets the message. */
static int
parse(const char *q, struct search *s, struct buf *err)
{
	struct kvlist	 l = { NULL, 0 };
	int		 rc;

	buf_reset(err);
	if (req_parse_urlencoded(q, strlen(q), &l) != 0) {
		kvlist_free(&l);
		return -2;
	}
	rc = search_parse(&l, s, err);
	kvlist_free(&l);
	return rc;
}

static void
refused(const char *q, const char *words)
{
	struct buf	 err = BUF_INIT;
	struct search	 s;

	T_EQ_INT(parse(q, &s, &err), -1, q);
	T_CONTAINS(err.p, words, q);
	buf_free(&err);
}

/* The Upwork variables as compact sorted JSON. */
static char *
vars_text(const struct search *s, int paged)
{
	json_t	*v = search_vars(s, paged);
	char	*t = json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS);

	json_decref(v);
	return t;
}

int
main(void)
{
	struct buf	 err = BUF_INIT, q = BUF_INIT;
	struct search	 s, again;
	char		*t, big[400];

	T_EQ_INT(parse("", &s, &err), 0, "empty search");
	T_OK(!search_is_set(&s), "nothing set");
	T_EQ_INT(s.hourly_min, -1, "unset number is -1");
	t = vars_text(&s, 1);
	T_EQ_STR(t, "{\"filter\":{\"pagination_eq\":{\"first\":20}},"
	    "\"sort\":[{\"field\":\"RECENCY\"}]}", "default variables");
	free(t);

	T_EQ_INT(parse("q=react+dashboard&skills=React,%20CSS&category=531770282580668418"
	    "&type=hourly&level=expert&hourly_min=30&hourly_max=80"
	    "&budget_min=500&budget_max=5000&verified=1&hires_min=3"
	    "&proposals_max=15&posted=7&sort=rating&after=40", &s, &err), 0,
	    "every field");
	T_OK(search_is_set(&s), "set");
	t = vars_text(&s, 1);
	T_EQ_STR(t, "{\"filter\":{\"budgetRange_eq\":{\"rangeEnd\":5000,"
	    "\"rangeStart\":500},\"categoryIds_any\":[\"531770282580668418\"],"
	    "\"clientHiresRange_eq\":{\"rangeStart\":3},\"daysPosted_eq\":7,"
	    "\"experienceLevel_eq\":\"EXPERT\",\"hourlyRate_eq\":{\"rangeEnd\":80,"
	    "\"rangeStart\":30},\"jobType_eq\":\"HOURLY\",\"pagination_eq\":"
	    "{\"after\":\"40\",\"first\":20},\"proposalRange_eq\":{\"rangeEnd\":15,"
	    "\"rangeStart\":0},\"searchExpression_eq\":\"react dashboard\","
	    "\"skillExpression_eq\":\"React, CSS\",\"verifiedPaymentOnly_eq\":true},"
	    "\"sort\":[{\"field\":\"CLIENT_RATING\"}]}", "every field in Upwork's names");
	free(t);
	t = vars_text(&s, 0);
	T_LACKS(t, "pagination_eq", "unpaged variables ask for no page");
	free(t);
	/* Round trip: the canonical query parses back to the same search. */
	T_EQ_INT(search_query(&s, 1, &q), 0, "query");
	T_EQ_STR(q.p, "q=react%20dashboard&skills=React%2C%20CSS&category="
	    "531770282580668418&type=hourly&level=expert&hourly_min=30&"
	    "hourly_max=80&budget_min=500&budget_max=5000&verified=1&"
	    "hires_min=3&proposals_max=15&posted=7&sort=rating&after=40",
	    "canonical order");
	T_EQ_INT(parse(q.p, &again, &err), 0, "canonical parses");
	T_OK(memcmp(&s, &again, sizeof(s)) == 0, "round trip is exact");
	buf_reset(&q);
	search_query(&s, 0, &q);
	T_LACKS(q.p, "after=", "saved form has no page");
	buf_reset(&q);
	T_EQ_INT(parse("sort=recency", &s, &err), 0, "default sort");
	search_query(&s, 0, &q);
	T_EQ_STR(q.p ? q.p : "", "", "default sort left out");

	refused("type=weekly", "hourly or fixed");
	refused("level=guru", "entry, intermediate or expert");
	refused("hourly_min=abc", "Hourly rates");
	refused("hourly_min=-5", "Hourly rates");
	refused("hourly_min=10001", "Hourly rates");
	refused("hourly_min=90&hourly_max=10", "lowest hourly rate is above");
	refused("budget_min=1e3", "Budgets");
	refused("budget_min=900&budget_max=100", "lowest budget is above");
	refused("verified=yes", "Payment verified");
	refused("hires_min=12345678901", "Client hires");
	refused("proposals_max=%2B5", "Proposals");
	refused("posted=2", "offered choices");
	refused("posted=31", "offered choices");
	refused("sort=nationality", "Sort by");
	refused("category=abc", "category does not exist");
	refused("category=123456789012345678901", "category does not exist");
	refused("after=%22%3E%3Cscript%3E", "page link is not valid");
	memset(big, 'a', sizeof(big));
	memcpy(big, "q=", 2);
	big[sizeof(big) - 1] = '\0';
	refused(big, "Keywords are limited");
	big[0] = 's';
	memmove(big + 7, big + 2, sizeof(big) - 8);
	memcpy(big, "skills=", 7);
	refused(big, "Skills are limited");
	/* Rule 9: nothing about people is accepted, not even ignored. */
	T_EQ_INT(parse("location=US&country=FR", &s, &err), 0,
	    "unknown parameters are ignored");
	t = vars_text(&s, 1);
	T_LACKS(t, "locations_any", "no location ever reaches Upwork");
	T_LACKS(t, "US", "the value neither");
	free(t);
	buf_free(&q);
	buf_free(&err);
	return t_done("test-search");
}
