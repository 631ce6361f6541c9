/* req.h: one FastCGI request: checked inputs in, status, headers and body out.
 *
 * The parsers are pure functions of their bytes (no FastCGI, no globals) so
 * the unit tests and fuzz harnesses call them directly. A struct req owns
 * every byte it points to except the borrowed params, which live in the
 * FastCGI request until req_free. */
#ifndef REQ_H
#define REQ_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "buf.h"

#define REQ_BODY_MAX	(64 * 1024)	/* forms; nginx allows the same */
#define REQ_PARAMS_MAX	256		/* query or form pairs */
#define REQ_COOKIES_MAX	64

enum method {
	METHOD_GET = 1 << 0,
	METHOD_HEAD = 1 << 1,
	METHOD_POST = 1 << 2,
	METHOD_OTHER = 1 << 3,
};

struct kv {
	char	*key;
	char	*val;
};

struct kvlist {
	struct kv	*v;
	size_t		 n;
};

struct session;
struct conf;

struct req {
	/* Inputs, checked once in req_parse. */
	enum method	 method;
	char		*path;		/* percent-decoded, valid UTF-8, starts with '/' */
	struct kvlist	 query;
	struct kvlist	 form;		/* urlencoded POST body */
	struct kvlist	 cookies;
	const char	*origin;	/* borrowed headers, NULL when absent */
	const char	*sec_fetch_site;
	const char	*referer;
	const char	*remote_addr;
	char		 id[17];	/* request id, 16 hex digits, for logs */
	struct timespec	 start;

	/* Filled by the front line and handlers. */
	const struct conf *conf;	/* borrowed, read-only */
	int64_t		 deadline_ms;	/* all Upwork calls end by then */
	struct session	*sess;		/* owned; NULL when signed out */
	const char	*route;		/* route name for the log */
	char		 param[72];	/* the {id} (digits) or {room} of a route */
	unsigned	 upstream_calls;
	unsigned	 cache_hits, cache_misses;
	int		 cache_only;	/* cache_fetch may not call Upwork */

	/* Response. */
	int		 status;
	const char	*content_type;	/* static string */
	struct buf	 headers;	/* "Name: value\r\n" lines */
	struct buf	 body;
};

/* Status line texts; NULL for codes we never send. */
const char	*req_status_text(int status);

/* Decode src[0..len) once: %XX (exactly two hex digits) and, if plus_space,
 * '+' as space. Rejects a bad escape, a decoded NUL and invalid or overlong
 * UTF-8 (security bar I4). On success *out is a new NUL-terminated string
 * (caller frees) and 0 is returned; -1 on bad input or no memory. */
int	 req_pct_decode(const char *src, size_t len, int plus_space, char **out);
/* Non-zero when s[0..len) is valid, shortest-form UTF-8 without surrogates. */
int	 req_utf8_valid(const unsigned char *s, size_t len);
/* Parse "a=b&c=d" (application/x-www-form-urlencoded) into list. Empty
 * pairs ("&&") are skipped; a key without '=' gets "". 0; 400 bad input;
 * 413 more than REQ_PARAMS_MAX pairs; -1 no memory. list is emptied first
 * and must be released with kvlist_free even on failure. */
int	 req_parse_urlencoded(const char *s, size_t len, struct kvlist *list);
/* Parse a Cookie header. Malformed pairs are skipped (browsers send other
 * sites' junk on localhost), values are not decoded, the first of a repeated
 * name wins. 0 or -1 no memory. */
int	 req_parse_cookies(const char *s, struct kvlist *list);
/* CONTENT_LENGTH: digits only, no sign, no overflow, at most max.
 * 0 and *out; 400 not a number; 413 too large. NULL or "" counts as 0. */
int	 req_parse_content_length(const char *s, size_t max, size_t *out);

/* The first value of key, or NULL. Borrowed from the list. */
const char	*kv_get(const struct kvlist *, const char *key);
void		 kvlist_free(struct kvlist *);

/* Look up a parameter the way FCGX_GetParam does, in a NULL-terminated
 * "NAME=value" array. Borrowed. */
const char	*req_env(char **envp, const char *name);

/* Fill r from FastCGI params and the body already read. Returns 0, or the
 * HTTP status to answer with (400, 413, 415). r must be zeroed first; free
 * it with req_free whatever this returns. */
int	 req_parse(struct req *r, char **envp, const char *body, size_t body_len);
void	 req_free(struct req *r);

/* Add a response header. Rejects CR, LF and NUL in either part rather than
 * stripping them (I5). 0 or -1. */
int	 req_header(struct req *, const char *name, const char *value);
/* Set-Cookie for one of our __Host- cookies: Path=/; Secure; HttpOnly;
 * SameSite=Lax. max_age_s < 0: a session cookie; 0: delete it. 0 or -1. */
int	 req_cookie(struct req *, const char *name, const char *value,
	    long max_age_s);
/* Answer with a redirect to a path on this site ("/..."); rejects anything
 * that a browser could read as another origin ("//", "/\\"). Returns the
 * status to hand back (303), or 500 if location was refused. */
int	 req_redirect(struct req *, const char *location);
/* A redirect to a URL we built from config (the Upwork authorize page). */
int	 req_redirect_external(struct req *, const char *url);

/* Serialize status line, headers and body (none for HEAD) into out. */
int	 req_serialize(const struct req *, struct buf *out);

#endif /* REQ_H */
