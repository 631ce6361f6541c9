/* search.c: job search parameters (one declaration per input, checked
 * where it enters, kcgi's way) and their two translations. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "search.h"

static const char *const type_names[] = { "", "hourly", "fixed" };
static const char *const level_names[] = { "", "entry", "intermediate",
    "expert" };
static const char *const sort_names[] = { "recency", "relevance", "spent",
    "rating" };
/* Upwork's values for the same choices (upwork-api.md §2.4). */
static const char *const type_values[] = { NULL, "HOURLY", "FIXED" };
static const char *const level_values[] = { NULL, "ENTRY_LEVEL",
    "INTERMEDIATE", "EXPERT" };
static const char *const sort_values[] = { "RECENCY", "RELEVANCE",
    "CLIENT_TOTAL_CHARGE", "CLIENT_RATING" };
static const int posted_choices[] = { 1, 3, 7, 14, 30 };

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* Index of v in names, or -1. "" and absence mean index 0. */
static int
choice(const char *v, const char *const *names, size_t n)
{
	size_t	 i;

	if (v == NULL || *v == '\0')
		return 0;
	for (i = 0; i < n; i++)
		if (strcmp(v, names[i]) == 0)
			return (int)i;
	return -1;
}

/* A whole number from 0 to max, or "" for unset (-1). 0 or -1. */
static int
number(const char *v, long max, long *out)
{
	char	*end;
	long	 n;

	*out = -1;
	if (v == NULL || *v == '\0')
		return 0;
	if (strspn(v, "0123456789") != strlen(v) || strlen(v) > 9)
		return -1;
	errno = 0;
	n = strtol(v, &end, 10);
	if (errno || *end != '\0' || n > max)
		return -1;
	*out = n;
	return 0;
}

static int
text(const char *v, char *out, size_t size)
{
	if (v == NULL)
		v = "";
	if (strlen(v) >= size)
		return -1;
	memcpy(out, v, strlen(v) + 1);
	return 0;
}

int
search_parse(const struct kvlist *l, struct search *s, struct buf *err)
{
	const char	*v;
	long		 n;
	int		 i;
	size_t		 k;

	memset(s, 0, sizeof(*s));
#define BAD(...) do { buf_printf(err, __VA_ARGS__); return -1; } while (0)
	if (text(kv_get(l, "q"), s->q, sizeof(s->q)) == -1)
		BAD("Keywords are limited to %d characters.", SEARCH_TEXT_MAX);
	if (text(kv_get(l, "skills"), s->skills, sizeof(s->skills)) == -1)
		BAD("Skills are limited to %d characters.", SEARCH_TEXT_MAX);
	v = kv_get(l, "category");
	if (text(v, s->category, sizeof(s->category)) == -1 ||
	    strspn(s->category, "0123456789") != strlen(s->category))
		BAD("That category does not exist.");
	if ((i = choice(kv_get(l, "type"), type_names, NELEM(type_names))) < 0)
		BAD("Job type must be hourly or fixed price.");
	s->type = (enum search_type)i;
	if ((i = choice(kv_get(l, "level"), level_names,
	    NELEM(level_names))) < 0)
		BAD("Experience level must be entry, intermediate or expert.");
	s->level = (enum search_level)i;
	if (number(kv_get(l, "hourly_min"), 10000, &s->hourly_min) == -1 ||
	    number(kv_get(l, "hourly_max"), 10000, &s->hourly_max) == -1)
		BAD("Hourly rates are whole numbers of dollars, up to 10000.");
	if (s->hourly_min >= 0 && s->hourly_max >= 0 &&
	    s->hourly_min > s->hourly_max)
		BAD("The lowest hourly rate is above the highest.");
	if (number(kv_get(l, "budget_min"), 100000000, &s->budget_min) == -1 ||
	    number(kv_get(l, "budget_max"), 100000000, &s->budget_max) == -1)
		BAD("Budgets are whole numbers of dollars.");
	if (s->budget_min >= 0 && s->budget_max >= 0 &&
	    s->budget_min > s->budget_max)
		BAD("The lowest budget is above the highest.");
	v = kv_get(l, "verified");
	if (v != NULL && *v != '\0' && strcmp(v, "1") != 0)
		BAD("Payment verified is either ticked or not.");
	s->verified = v != NULL && strcmp(v, "1") == 0;
	if (number(kv_get(l, "hires_min"), 100000, &s->hires_min) == -1)
		BAD("Client hires is a whole number.");
	if (number(kv_get(l, "proposals_max"), 100000, &s->proposals_max) == -1)
		BAD("Proposals is a whole number.");
	if (number(kv_get(l, "posted"), 30, &n) == -1)
		BAD("Posted within must be one of the offered choices.");
	if (n >= 0) {
		for (k = 0; k < NELEM(posted_choices); k++)
			if (posted_choices[k] == n)
				break;
		if (k == NELEM(posted_choices))
			BAD("Posted within must be one of the offered choices.");
		s->posted_days = (int)n;
	}
	if ((i = choice(kv_get(l, "sort"), sort_names, NELEM(sort_names))) < 0)
		BAD("Sort by recency, relevance, client spend or rating.");
	s->sort = (enum search_sort)i;
	/* The cursor is Upwork's and opaque: a bounded, plain token. */
	v = kv_get(l, "after");
	if (text(v, s->after, sizeof(s->after)) == -1 ||
	    strspn(s->after, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstu"
	    "vwxyz0123456789+/=_-") != strlen(s->after))
		BAD("That page link is not valid; start the search again.");
	if (number(kv_get(l, "from"), 1000000, &n) == -1)
		BAD("That page link is not valid; start the search again.");
	s->from = n < 0 || s->after[0] == '\0' ? 0 : n;
#undef BAD
	return 0;
}

int
search_is_set(const struct search *s)
{
	return s->q[0] || s->skills[0] || s->category[0] || s->type ||
	    s->level || s->hourly_min >= 0 || s->hourly_max >= 0 ||
	    s->budget_min >= 0 || s->budget_max >= 0 || s->verified ||
	    s->hires_min >= 0 || s->proposals_max >= 0 || s->posted_days;
}

/* Append "key=value", after a '&' unless it is the first pair or out
 * ends a URL's "?" already. */
static int
add_text(struct buf *out, const char *key, const char *v)
{
	if (v == NULL || *v == '\0')
		return 0;
	if (out->len && out->p[out->len - 1] != '?' &&
	    buf_puts(out, "&") == -1)
		return -1;
	if (buf_puts(out, key) == -1 || buf_puts(out, "=") == -1)
		return -1;
	return buf_urlencode(out, v);
}

static int
add_number(struct buf *out, const char *key, long v)
{
	char	 n[24];

	if (v < 0)
		return 0;
	snprintf(n, sizeof(n), "%ld", v);
	return add_text(out, key, n);
}

int
search_query(const struct search *s, int with_after, struct buf *out)
{
	int	 bad = 0;

	bad |= add_text(out, "q", s->q);
	bad |= add_text(out, "skills", s->skills);
	bad |= add_text(out, "category", s->category);
	bad |= add_text(out, "type", type_names[s->type]);
	bad |= add_text(out, "level", level_names[s->level]);
	bad |= add_number(out, "hourly_min", s->hourly_min);
	bad |= add_number(out, "hourly_max", s->hourly_max);
	bad |= add_number(out, "budget_min", s->budget_min);
	bad |= add_number(out, "budget_max", s->budget_max);
	bad |= add_text(out, "verified", s->verified ? "1" : NULL);
	bad |= add_number(out, "hires_min", s->hires_min);
	bad |= add_number(out, "proposals_max", s->proposals_max);
	bad |= add_number(out, "posted", s->posted_days ? s->posted_days : -1);
	if (s->sort != SORT_RECENCY)
		bad |= add_text(out, "sort", sort_names[s->sort]);
	if (with_after && s->after[0]) {
		bad |= add_text(out, "after", s->after);
		bad |= add_number(out, "from", s->from ? s->from : -1);
	}
	return bad ? -1 : 0;
}

/* IntRange {rangeStart, rangeEnd}; an unset end has no upper bound. */
static json_t *
range(long lo, long hi)
{
	json_t	*r = json_object();

	if (r == NULL)
		return NULL;
	json_object_set_new(r, "rangeStart", json_integer(lo < 0 ? 0 : lo));
	if (hi >= 0)
		json_object_set_new(r, "rangeEnd", json_integer(hi));
	return r;
}

json_t *
search_vars(const struct search *s, int paged)
{
	json_t	*f, *v, *p;

	if ((f = json_object()) == NULL)
		return NULL;
	if (s->q[0])
		json_object_set_new(f, "searchExpression_eq", json_string(s->q));
	if (s->skills[0])
		json_object_set_new(f, "skillExpression_eq",
		    json_string(s->skills));
	if (s->category[0])
		json_object_set_new(f, "categoryIds_any",
		    json_pack("[s]", s->category));
	if (s->type)
		json_object_set_new(f, "jobType_eq",
		    json_string(type_values[s->type]));
	if (s->level)
		json_object_set_new(f, "experienceLevel_eq",
		    json_string(level_values[s->level]));
	if (s->hourly_min >= 0 || s->hourly_max >= 0)
		json_object_set_new(f, "hourlyRate_eq",
		    range(s->hourly_min, s->hourly_max));
	if (s->budget_min >= 0 || s->budget_max >= 0)
		json_object_set_new(f, "budgetRange_eq",
		    range(s->budget_min, s->budget_max));
	if (s->verified)
		json_object_set_new(f, "verifiedPaymentOnly_eq", json_true());
	if (s->hires_min >= 0)
		json_object_set_new(f, "clientHiresRange_eq",
		    range(s->hires_min, -1));
	if (s->proposals_max >= 0)
		json_object_set_new(f, "proposalRange_eq",
		    range(0, s->proposals_max));
	if (s->posted_days)
		json_object_set_new(f, "daysPosted_eq",
		    json_integer(s->posted_days));
	if (paged) {
		p = json_pack("{s:i}", "first", SEARCH_PAGE_SIZE);
		if (p != NULL && s->after[0])
			json_object_set_new(p, "after", json_string(s->after));
		json_object_set_new(f, "pagination_eq", p);
	}
	v = json_pack("{s:o, s:[{s:s}]}", "filter", f, "sort", "field",
	    sort_values[s->sort]);
	return v;
}
