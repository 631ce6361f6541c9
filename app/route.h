/* route.h: the one route table and the front line that runs before any
 * handler: route, method, session, Fetch Metadata/Origin, CSRF. */
#ifndef ROUTE_H
#define ROUTE_H

struct req;

/* Handle a parsed request: the status and body end up in r. */
void	 route_handle(struct req *);

#endif /* ROUTE_H */
