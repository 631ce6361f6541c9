/* req.c: request parsing and the response writer.
 *
 * Everything that comes from the client is decoded exactly once, here, and
 * rejected (never repaired) when it breaks a rule of the security bar:
 * I1 body size and CONTENT_LENGTH, I4 percent-decoding and UTF-8,
 * I5 no CR/LF/NUL in response headers. */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "req.h"

const char *
req_status_text(int status)
{
	switch (status) {
	case 200: return "OK";
	case 303: return "See Other";
	case 304: return "Not Modified";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 409: return "Conflict";
	case 413: return "Content Too Large";
	case 415: return "Unsupported Media Type";
	case 429: return "Too Many Requests";
	case 500: return "Internal Server Error";
	case 502: return "Bad Gateway";
	case 503: return "Service Unavailable";
	case 504: return "Gateway Timeout";
	default: return NULL;
	}
}

static int
hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int
req_utf8_valid(const unsigned char *s, size_t len)
{
	size_t		 i = 0, need, k;
	unsigned long	 cp, min;

	while (i < len) {
		unsigned char c = s[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			need = 1; cp = c & 0x1f; min = 0x80;
		} else if (c >= 0xe0 && c <= 0xef) {
			need = 2; cp = c & 0x0f; min = 0x800;
		} else if (c >= 0xf0 && c <= 0xf4) {
			need = 3; cp = c & 0x07; min = 0x10000;
		} else
			return 0;	/* 0x80-0xc1 (incl. overlong 2-byte), 0xf5+ */
		if (len - i <= need)
			return 0;
		for (k = 1; k <= need; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return 0;
			cp = (cp << 6) | (s[i + k] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		i += need + 1;
	}
	return 1;
}

int
req_pct_decode(const char *src, size_t len, int plus_space, char **out)
{
	char	*d;
	size_t	 i, j = 0;
	int	 hi, lo;

	*out = NULL;
	if ((d = malloc(len + 1)) == NULL)
		return -1;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)src[i];
		if (c == '%') {
			if (len - i < 3 ||
			    (hi = hexval((unsigned char)src[i + 1])) < 0 ||
			    (lo = hexval((unsigned char)src[i + 2])) < 0)
				goto bad;
			c = (unsigned char)(hi << 4 | lo);
			i += 2;
		} else if (c == '+' && plus_space)
			c = ' ';
		if (c == '\0')
			goto bad;
		d[j++] = (char)c;
	}
	d[j] = '\0';
	if (!req_utf8_valid((unsigned char *)d, j))
		goto bad;
	*out = d;
	return 0;
bad:
	free(d);
	return -1;
}

void
kvlist_free(struct kvlist *l)
{
	size_t	 i;

	for (i = 0; i < l->n; i++) {
		free(l->v[i].key);
		free(l->v[i].val);
	}
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

const char *
kv_get(const struct kvlist *l, const char *key)
{
	size_t	 i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->v[i].key, key) == 0)
			return l->v[i].val;
	return NULL;
}

/* Append key/val to l, taking ownership of both (freed on failure). */
static int
kv_push(struct kvlist *l, char *key, char *val, size_t max)
{
	struct kv	*v;

	if (l->n >= max) {
		free(key);
		free(val);
		return 413;
	}
	if ((v = realloc(l->v, (l->n + 1) * sizeof(*v))) == NULL) {
		free(key);
		free(val);
		return -1;
	}
	l->v = v;
	l->v[l->n].key = key;
	l->v[l->n].val = val;
	l->n++;
	return 0;
}

int
req_parse_urlencoded(const char *s, size_t len, struct kvlist *l)
{
	const char	*p = s, *end = s + len, *amp, *eq;
	char		*key, *val;
	int		 rc;

	kvlist_free(l);
	while (p < end) {
		if ((amp = memchr(p, '&', (size_t)(end - p))) == NULL)
			amp = end;
		if (amp == p) {
			p++;
			continue;
		}
		if ((eq = memchr(p, '=', (size_t)(amp - p))) == NULL)
			eq = amp;
		if (req_pct_decode(p, (size_t)(eq - p), 1, &key) == -1)
			return 400;
		if (*key == '\0') {
			free(key);
			return 400;
		}
		if (eq == amp)
			val = strdup("");
		else if (req_pct_decode(eq + 1, (size_t)(amp - eq - 1), 1,
		    &val) == -1) {
			free(key);
			return 400;
		}
		if (val == NULL) {
			free(key);
			return -1;
		}
		if ((rc = kv_push(l, key, val, REQ_PARAMS_MAX)) != 0)
			return rc;
		p = amp + 1;
	}
	return 0;
}

int
req_parse_cookies(const char *s, struct kvlist *l)
{
	const char	*p, *semi, *eq, *ks, *ke, *vs, *ve;
	char		*key, *val;
	int		 rc;

	kvlist_free(l);
	if (s == NULL)
		return 0;
	for (p = s; *p != '\0'; p = *semi ? semi + 1 : semi) {
		if ((semi = strchr(p, ';')) == NULL)
			semi = p + strlen(p);
		if ((eq = memchr(p, '=', (size_t)(semi - p))) == NULL)
			continue;
		for (ks = p; ks < eq && (*ks == ' ' || *ks == '\t'); ks++)
			;
		for (ke = eq; ke > ks && (ke[-1] == ' ' || ke[-1] == '\t'); ke--)
			;
		for (vs = eq + 1; vs < semi && (*vs == ' ' || *vs == '\t'); vs++)
			;
		for (ve = semi; ve > vs && (ve[-1] == ' ' || ve[-1] == '\t'); ve--)
			;
		if (ks == ke)
			continue;
		if (ve - vs >= 2 && *vs == '"' && ve[-1] == '"') {
			vs++;
			ve--;
		}
		if ((key = strndup(ks, (size_t)(ke - ks))) == NULL)
			return -1;
		if (kv_get(l, key) != NULL) {	/* first one wins */
			free(key);
			continue;
		}
		if ((val = strndup(vs, (size_t)(ve - vs))) == NULL) {
			free(key);
			return -1;
		}
		if ((rc = kv_push(l, key, val, REQ_COOKIES_MAX)) == -1)
			return -1;
		if (rc)		/* too many: keep the first ones */
			break;
	}
	return 0;
}

int
req_parse_content_length(const char *s, size_t max, size_t *out)
{
	size_t	 v = 0;

	*out = 0;
	if (s == NULL || *s == '\0')
		return 0;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return 400;
		if (__builtin_mul_overflow(v, 10, &v) ||
		    __builtin_add_overflow(v, (size_t)(*s - '0'), &v))
			return 413;
	}
	if (v > max)
		return 413;
	*out = v;
	return 0;
}

const char *
req_env(char **envp, const char *name)
{
	size_t	 n = strlen(name);

	for (; envp && *envp; envp++)
		if (strncmp(*envp, name, n) == 0 && (*envp)[n] == '=')
			return *envp + n + 1;
	return NULL;
}

/* Media type of CONTENT_TYPE without parameters, compared case-insensitively. */
static int
is_urlencoded(const char *ct)
{
	static const char want[] = "application/x-www-form-urlencoded";
	size_t	 n = sizeof(want) - 1;

	return ct != NULL && strncasecmp(ct, want, n) == 0 &&
	    (ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ');
}

/* A "." or ".." segment anywhere in a decoded path. */
static int
has_dot_segment(const char *p)
{
	for (; (p = strchr(p, '/')) != NULL; p++) {
		size_t n = strspn(p + 1, ".");
		if ((n == 1 || n == 2) && (p[1 + n] == '/' || p[1 + n] == '\0'))
			return 1;
	}
	return 0;
}

int
req_parse(struct req *r, char **envp, const char *body, size_t body_len)
{
	const char	*m, *uri, *q, *ct;
	unsigned char	 rnd[8];
	size_t		 plen, i;
	int		 rc;

	clock_gettime(CLOCK_MONOTONIC, &r->start);
	randombytes_buf(rnd, sizeof(rnd));
	for (i = 0; i < sizeof(rnd); i++)
		snprintf(r->id + 2 * i, 3, "%02x", rnd[i]);
	r->status = 200;
	r->content_type = "text/html; charset=utf-8";

	m = req_env(envp, "REQUEST_METHOD");
	if (m == NULL)
		return 400;
	if (strcmp(m, "GET") == 0)
		r->method = METHOD_GET;
	else if (strcmp(m, "HEAD") == 0)
		r->method = METHOD_HEAD;
	else if (strcmp(m, "POST") == 0)
		r->method = METHOD_POST;
	else
		r->method = METHOD_OTHER;

	r->origin = req_env(envp, "HTTP_ORIGIN");
	r->sec_fetch_site = req_env(envp, "HTTP_SEC_FETCH_SITE");
	r->referer = req_env(envp, "HTTP_REFERER");
	r->remote_addr = req_env(envp, "REMOTE_ADDR");

	/* The raw REQUEST_URI, not nginx's normalised $uri: we decode once. */
	if ((uri = req_env(envp, "REQUEST_URI")) == NULL || uri[0] != '/')
		return 400;
	/* A raw control character or space has no place in a request line
	 * (RFC 9112 §3.2; nginx refuses one too): only a FastCGI client
	 * that bypasses nginx can send it, and it gets the same 400. */
	for (q = uri; *q != '\0'; q++)
		if ((unsigned char)*q <= 0x20 || *q == 0x7f)
			return 400;
	q = strchr(uri, '?');
	plen = q ? (size_t)(q - uri) : strlen(uri);
	if (req_pct_decode(uri, plen, 0, &r->path) == -1)
		return 400;
	if (has_dot_segment(r->path) || strchr(r->path, '\\') != NULL)
		return 400;
	if (q != NULL &&
	    (rc = req_parse_urlencoded(q + 1, strlen(q + 1), &r->query)) != 0)
		return rc == -1 ? 500 : rc;
	if (req_parse_cookies(req_env(envp, "HTTP_COOKIE"), &r->cookies) == -1)
		return 500;

	if (body_len > 0) {
		if (r->method != METHOD_POST)
			return 400;
		ct = req_env(envp, "CONTENT_TYPE");
		if (!is_urlencoded(ct))
			return 415;
		if ((rc = req_parse_urlencoded(body, body_len, &r->form)) != 0)
			return rc == -1 ? 500 : rc;
	}
	return 0;
}

void
req_free(struct req *r)
{
	free(r->path);
	kvlist_free(&r->query);
	kvlist_free(&r->form);
	kvlist_free(&r->cookies);
	buf_free(&r->headers);
	buf_free(&r->body);
	r->path = NULL;
}

static int
header_safe(const char *s)
{
	for (; *s; s++)
		if (*s == '\r' || *s == '\n')
			return 0;
	return 1;
}

int
req_header(struct req *r, const char *name, const char *value)
{
	if (!header_safe(name) || !header_safe(value) ||
	    strchr(name, ':') != NULL)
		return -1;
	return buf_printf(&r->headers, "%s: %s\r\n", name, value);
}

int
req_cookie(struct req *r, const char *name, const char *value, long max_age_s)
{
	struct buf	 b = BUF_INIT;
	int		 rc;

	/* Cookie values are ours (base64url); refuse anything else. */
	for (const char *p = value; *p; p++)
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || *p == '-' || *p == '_'))
			return -1;
	if (buf_printf(&b, "%s=%s; Path=/; Secure; HttpOnly; SameSite=Lax",
	    name, value) == -1)
		return -1;
	if (max_age_s >= 0 && buf_printf(&b, "; Max-Age=%ld", max_age_s) == -1) {
		buf_free(&b);
		return -1;
	}
	rc = req_header(r, "Set-Cookie", b.p);
	buf_free(&b);
	return rc;
}

int
req_redirect(struct req *r, const char *location)
{
	/* Only local paths: "/x" but never "//host" or "/\host", and no
	 * control character or backslash anywhere: browsers drop tabs and
	 * newlines from URLs, so "/\t/host" would become "//host". */
	if (location[0] != '/' || location[1] == '/')
		return 500;
	for (const char *p = location; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f || *p == '\\')
			return 500;
	if (req_header(r, "Location", location) == -1)
		return 500;
	return 303;
}

int
req_redirect_external(struct req *r, const char *url)
{
	if (req_header(r, "Location", url) == -1)
		return 500;
	return 303;
}

int
req_serialize(const struct req *r, struct buf *out)
{
	const char	*text = req_status_text(r->status);

	if (buf_printf(out, "Status: %d %s\r\nContent-Type: %s\r\n"
	    "Cache-Control: no-store\r\n", r->status, text ? text : "",
	    r->content_type) == -1)
		return -1;
	if (r->headers.len && buf_append(out, r->headers.p, r->headers.len))
		return -1;
	if (buf_puts(out, "\r\n") == -1)
		return -1;
	if (r->method != METHOD_HEAD && r->body.len &&
	    buf_append(out, r->body.p, r->body.len) == -1)
		return -1;
	return 0;
}
