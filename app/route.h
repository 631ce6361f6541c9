/* route.h: the one route table and the front line that runs before any
 * handler: route, method, session, Fetch Metadata/Origin, CSRF. */
#ifndef ROUTE_H
#define ROUTE_H

struct req;

/* Handle a parsed request: the status and body end up in r. */
void	 route_handle(struct req *);
/* Non-zero when path may be a "return to" after sign-in: exactly the path
 * of a page in the route table marked for it (security bar O8). */
int	 route_return_ok(const char *path);

#endif /* ROUTE_H */
