/* schema.h: `workdesk check-schema`: do Workdesk's GraphQL documents still
 * fit Upwork's schema? Upwork changes its API; a field it drops breaks a
 * screen. This asks Upwork about each type the documents use, one type per
 * request as Upwork requires of introspection (upwork-api.md §2.1), and
 * names every document that no longer validates and the screens it serves. */
#ifndef SCHEMA_H
#define SCHEMA_H

#include <stdio.h>

struct conf;

/* Check every embedded document as the user holding access_token (an
 * operator's), reporting to out. Returns how many documents fail, or -1
 * when Upwork could not be asked (the reason is on out). */
int	 schema_check(const struct conf *, const char *access_token,
	    FILE *out);

#endif /* SCHEMA_H */
