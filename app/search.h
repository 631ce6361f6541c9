/* search.h: a job search as the user asked for it: parsed and checked once
 * from a query string, turned back into one (links, saved searches) and
 * into the variables of Upwork's marketplaceJobPostingsSearch. */
#ifndef SEARCH_H
#define SEARCH_H

#include <jansson.h>

#include "buf.h"
#include "req.h"

enum search_type { TYPE_ANY, TYPE_HOURLY, TYPE_FIXED };
enum search_level { LEVEL_ANY, LEVEL_ENTRY, LEVEL_INTERMEDIATE, LEVEL_EXPERT };
enum search_sort { SORT_RECENCY, SORT_RELEVANCE, SORT_SPENT, SORT_RATING };

#define SEARCH_TEXT_MAX		200	/* bytes of q and skills */
#define SEARCH_PAGE_SIZE	20

/* Every filter is job-level: none is about a person (DESIGN.md rule 9),
 * so there is no client location, on purpose. */
struct search {
	char			 q[SEARCH_TEXT_MAX + 1];
	char			 skills[SEARCH_TEXT_MAX + 1];
	char			 category[21];	/* an ontology id: digits */
	enum search_type	 type;
	enum search_level	 level;
	long			 hourly_min, hourly_max;	/* -1: unset */
	long			 budget_min, budget_max;
	int			 verified;	/* payment verified clients only */
	long			 hires_min;
	long			 proposals_max;
	int			 posted_days;	/* 0: any */
	enum search_sort	 sort;
	char			 after[129];	/* Upwork's page cursor */
	long			 from;		/* results before this page */
};

/* Read a search from query parameters. 0, or -1 with a sentence for the
 * user in err naming the field that is wrong. */
int	 search_parse(const struct kvlist *, struct search *, struct buf *err);
/* The canonical query string (fixed order, set fields only), without
 * "after" unless with_after. Appends to out. 0 or -1. */
int	 search_query(const struct search *, int with_after, struct buf *out);
/* The variables of document JobsSearch: {filter, sort}. With paged, the
 * filter asks for a page (pagination_eq); without, Upwork's default page.
 * New reference; NULL on no memory. */
json_t	*search_vars(const struct search *, int paged);
/* Whether any filter or keyword is set (a search worth saving). */
int	 search_is_set(const struct search *);

#endif /* SEARCH_H */
