/* conf.c: the configuration file.
 *
 * One "key = value" per line; '#' starts a comment line; blank lines are
 * skipped. Every key is declared once in the table below with its type and
 * range, and documented in workdesk.conf(5) (man/workdesk.conf.5.in,
 * whose test t0095 fails when a key is missing there). Unknown keys,
 * repeated keys and bad numbers are errors: a typo must not silently fall
 * back to a default. */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "conf.h"

enum ctype { C_STR, C_BOOL, C_INT, C_LONG };

struct ckey {
	const char	*name;
	enum ctype	 type;
	size_t		 off;
	long		 min, max;	/* numbers only */
};

#define S(f)		{ #f, C_STR, offsetof(struct conf, f), 0, 0 }
#define B(f)		{ #f, C_BOOL, offsetof(struct conf, f), 0, 1 }
#define I(f, lo, hi)	{ #f, C_INT, offsetof(struct conf, f), lo, hi }
#define L(f, lo, hi)	{ #f, C_LONG, offsetof(struct conf, f), lo, hi }

static const struct ckey ckeys[] = {
	S(listen),
	S(data_dir),
	S(key_file),
	S(templates_dir),
	S(templates_override_dir),
	S(brand_name),
	S(brand_logo),
	S(brand_accent),
	S(docs_dir),
	S(public_origin),
	S(redirect_uri),
	S(upwork_authorize_url),
	S(upwork_token_url),
	S(upwork_graphql_url),
	S(upwork_client_id),
	S(upwork_client_secret),
	B(allow_insecure_loopback),
	B(pkce),
	I(threads, 1, 256),
	L(session_idle_s, 60, 86400),
	L(session_max_s, 300, 7 * 86400),
	L(http_connect_timeout_ms, 100, 60000),
	L(http_timeout_ms, 500, 55000),
	L(page_budget_ms, 1000, 55000),
	I(upstream_rate_per_s, 0, 64),		/* above 10: sandbox only */
	I(upstream_daily_cap, 0, 10000000),	/* 40,000+ or 0: sandbox only */
	L(cache_ttl_s, 0, 86399),
	S(admins),
	I(dormant_days, 1, 3650),
};
#define NKEYS (sizeof(ckeys) / sizeof(ckeys[0]))

#define CONF_MAX_BYTES	(64 * 1024)
#define CONF_MAX_VALUE	4096

void
conf_defaults(struct conf *c)
{
	long	 n;

	memset(c, 0, sizeof(*c));
	c->pkce = 1;
	n = sysconf(_SC_NPROCESSORS_ONLN);
	c->threads = n > 0 && n <= 64 ? (int)n * 2 : 4;
	c->session_idle_s = 30 * 60;
	c->session_max_s = 8 * 3600;
	c->http_connect_timeout_ms = 5000;
	c->http_timeout_ms = 20000;
	c->page_budget_ms = 25000;
	c->upstream_rate_per_s = 8;
	c->upstream_daily_cap = 35000;
	c->cache_ttl_s = 600;
	c->dormant_days = 30;
	c->upwork_authorize_url =
	    strdup("https://www.upwork.com/ab/account-security/oauth2/authorize");
	c->upwork_token_url = strdup("https://www.upwork.com/api/v3/oauth2/token");
	c->upwork_graphql_url = strdup("https://api.upwork.com/graphql");
}

void
conf_free(struct conf *c)
{
	size_t	 i;

	for (i = 0; i < NKEYS; i++)
		if (ckeys[i].type == C_STR) {
			char **p = (char **)((char *)c + ckeys[i].off);
			if (*p && ckeys[i].off ==
			    offsetof(struct conf, upwork_client_secret))
				explicit_bzero(*p, strlen(*p));
			free(*p);
			*p = NULL;
		}
}

/* Strict decimal: digits only, optional leading '-', no overflow. */
static int
conf_number(const char *s, long lo, long hi, long *out)
{
	char	*end;
	long	 v;

	if (*s == '\0' || (*s != '-' && (*s < '0' || *s > '9')))
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end != '\0' || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

static char *
trim(char *s)
{
	char	*e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}

int
conf_parse(struct conf *c, const char *text, size_t len, const char *name,
    FILE *err)
{
	char		*copy, *line, *next, *eq, *k, *v;
	unsigned char	 seen[NKEYS];
	size_t		 i, lineno = 0;
	long		 n;
	int		 bad = 0;

	if (len > CONF_MAX_BYTES) {
		fprintf(err, "%s: larger than %d bytes\n", name, CONF_MAX_BYTES);
		return -1;
	}
	if (memchr(text, '\0', len) != NULL) {
		fprintf(err, "%s: contains a NUL byte\n", name);
		return -1;
	}
	if ((copy = malloc(len + 1)) == NULL)
		return -1;
	memcpy(copy, text, len);
	copy[len] = '\0';
	memset(seen, 0, sizeof(seen));

	for (line = copy; line != NULL; line = next) {
		lineno++;
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		k = trim(line);
		if (*k == '\0' || *k == '#')
			continue;
		if ((eq = strchr(k, '=')) == NULL) {
			fprintf(err, "%s:%zu: expected \"key = value\"\n",
			    name, lineno);
			bad = 1;
			continue;
		}
		*eq = '\0';
		k = trim(k);
		v = trim(eq + 1);
		for (i = 0; i < NKEYS; i++)
			if (strcmp(k, ckeys[i].name) == 0)
				break;
		if (i == NKEYS) {
			fprintf(err, "%s:%zu: unknown key \"%.64s\"\n",
			    name, lineno, k);
			bad = 1;
			continue;
		}
		if (seen[i]++) {
			fprintf(err, "%s:%zu: %s is set twice\n",
			    name, lineno, k);
			bad = 1;
			continue;
		}
		if (strlen(v) > CONF_MAX_VALUE) {
			fprintf(err, "%s:%zu: %s: value too long\n",
			    name, lineno, k);
			bad = 1;
			continue;
		}
		switch (ckeys[i].type) {
		case C_STR: {
			char **p = (char **)((char *)c + ckeys[i].off);
			if (*v == '\0') {
				fprintf(err, "%s:%zu: %s: empty value\n",
				    name, lineno, k);
				bad = 1;
				break;
			}
			free(*p);
			if ((*p = strdup(v)) == NULL)
				bad = 1;
			break;
		}
		case C_BOOL: {
			int *p = (int *)((char *)c + ckeys[i].off);
			if (!strcmp(v, "yes") || !strcmp(v, "true") ||
			    !strcmp(v, "1"))
				*p = 1;
			else if (!strcmp(v, "no") || !strcmp(v, "false") ||
			    !strcmp(v, "0"))
				*p = 0;
			else {
				fprintf(err, "%s:%zu: %s: expected yes or no\n",
				    name, lineno, k);
				bad = 1;
			}
			break;
		}
		case C_INT:
		case C_LONG:
			if (conf_number(v, ckeys[i].min, ckeys[i].max, &n)) {
				fprintf(err, "%s:%zu: %s: expected a whole "
				    "number from %ld to %ld\n", name, lineno,
				    k, ckeys[i].min, ckeys[i].max);
				bad = 1;
			} else if (ckeys[i].type == C_INT)
				*(int *)((char *)c + ckeys[i].off) = (int)n;
			else
				*(long *)((char *)c + ckeys[i].off) = n;
			break;
		}
	}
	explicit_bzero(copy, len);
	free(copy);
	return bad ? -1 : 0;
}

/* An http:// URL whose host is loopback: exactly "localhost", "[::1]" or a
 * dotted quad in 127.0.0.0/8, followed by a port, a path or the end. No
 * user-info: "http://127.0.0.1@evil.example" names evil.example. */
static int
url_is_loopback_http(const char *u)
{
	const char	*h, *end;
	size_t		 n;
	int		 parts = 0, digits = 0, val = 0;

	if (strncmp(u, "http://", 7) != 0)
		return 0;
	h = u + 7;
	end = h + strcspn(h, "/?#");
	if (memchr(h, '@', (size_t)(end - h)) != NULL)
		return 0;
	if (strncmp(h, "[::1]", 5) == 0)
		n = 5;
	else if (strncmp(h, "localhost", 9) == 0)
		n = 9;
	else {
		if (strncmp(h, "127.", 4) != 0)
			return 0;
		for (n = 0; h[n] != '\0' && h[n] != ':' && h + n < end; n++) {
			if (h[n] == '.') {
				if (digits == 0)
					return 0;
				parts++;
				digits = val = 0;
			} else if (h[n] >= '0' && h[n] <= '9' && digits < 3) {
				if (digits == 1 && val == 0)
					return 0;	/* a leading zero */
				val = val * 10 + (h[n] - '0');
				digits++;
				if (val > 255)
					return 0;
			} else
				return 0;
		}
		if (parts != 3 || digits == 0)
			return 0;
	}
	h += n;
	if (*h == ':') {
		n = strspn(h + 1, "0123456789");
		if (n == 0 || n > 5)
			return 0;
		h += 1 + n;
	}
	return *h == '\0' || *h == '/' || *h == '?' || *h == '#';
}

static int
check_url(const struct conf *c, const char *key, const char *u, FILE *err)
{
	if (u == NULL) {
		fprintf(err, "%s is required\n", key);
		return -1;
	}
	if (strncmp(u, "https://", 8) == 0)
		return 0;
	if (c->allow_insecure_loopback && url_is_loopback_http(u))
		return 0;
	fprintf(err, "%s must be an https:// URL%s\n", key,
	    c->allow_insecure_loopback ? " or http:// on loopback" :
	    " (http:// on loopback needs allow_insecure_loopback = yes)");
	return -1;
}

/* path is dir or below it; dir may end in '/'. */
static int
path_within(const char *path, const char *dir)
{
	size_t	 n = strlen(dir);

	while (n > 1 && dir[n - 1] == '/')
		n--;
	return strncmp(path, dir, n) == 0 &&
	    (path[n] == '/' || path[n] == '\0');
}

const char *
conf_logo_type(const char *path)
{
	static const struct {
		const char	*ext;
		const char	*type;
	} types[] = {
		{ ".svg", "image/svg+xml" },
		{ ".png", "image/png" },
		{ ".jpg", "image/jpeg" },
		{ ".jpeg", "image/jpeg" },
		{ ".webp", "image/webp" },
	};
	const char	*dot = strrchr(path, '.');
	size_t		 i;

	for (i = 0; dot != NULL && i < sizeof(types) / sizeof(types[0]); i++)
		if (strcasecmp(dot, types[i].ext) == 0)
			return types[i].type;
	return NULL;
}

/* The agency's look (issue 15): a name that fits the header, a logo file
 * of a type browsers show, a colour in the one form CSS and we agree on. */
static int
check_brand(const struct conf *c, FILE *err)
{
	const char	*p;
	int		 bad = 0;

	if ((p = c->brand_name) != NULL) {
		if (strlen(p) > 60) {
			fprintf(err, "brand_name: at most 60 bytes\n");
			bad = -1;
		}
		for (; *p != '\0'; p++)
			if ((unsigned char)*p < 0x20 || *p == 0x7f) {
				fprintf(err, "brand_name: no control "
				    "characters\n");
				bad = -1;
				break;
			}
	}
	if ((p = c->brand_logo) != NULL) {
		if (p[0] != '/' || conf_logo_type(p) == NULL) {
			fprintf(err, "brand_logo: an absolute path to an .svg, "
			    ".png, .jpg or .webp file\n");
			bad = -1;
		}
	}
	if ((p = c->brand_accent) != NULL && (strlen(p) != 7 || p[0] != '#' ||
	    strspn(p + 1, "0123456789abcdefABCDEF") != 6)) {
		fprintf(err, "brand_accent: a colour as #rrggbb\n");
		bad = -1;
	}
	return bad;
}

int
conf_check(const struct conf *c, FILE *err)
{
	int	 bad = 0;

	bad |= check_url(c, "upwork_authorize_url", c->upwork_authorize_url, err);
	bad |= check_url(c, "upwork_token_url", c->upwork_token_url, err);
	bad |= check_url(c, "upwork_graphql_url", c->upwork_graphql_url, err);
	bad |= check_url(c, "redirect_uri", c->redirect_uri, err);
	if (c->public_origin == NULL) {
		fprintf(err, "public_origin is required\n");
		bad = -1;
	} else if (strncmp(c->public_origin, "https://", 8) != 0 &&
	    !(c->allow_insecure_loopback &&
	    url_is_loopback_http(c->public_origin))) {
		fprintf(err, "public_origin must be https://\n");
		bad = -1;
	} else if (c->public_origin[strlen(c->public_origin) - 1] == '/') {
		fprintf(err, "public_origin must not end with /\n");
		bad = -1;
	}
	/* The callback is one fixed route: anything else could only be a
	 * mistake, or a redirect to somewhere that is not us. */
	if (c->redirect_uri && c->public_origin &&
	    (strncmp(c->redirect_uri, c->public_origin,
	    strlen(c->public_origin)) != 0 ||
	    strcmp(c->redirect_uri + strlen(c->public_origin),
	    "/auth/callback") != 0)) {
		fprintf(err, "redirect_uri must be on public_origin: %s/auth/"
		    "callback\n", c->public_origin);
		bad = -1;
	}
	if (c->upwork_client_id == NULL) {
		fprintf(err, "upwork_client_id is required\n");
		bad = -1;
	}
	if (c->upwork_client_secret == NULL) {
		fprintf(err, "upwork_client_secret is required\n");
		bad = -1;
	}
	if (c->data_dir == NULL || c->data_dir[0] != '/') {
		fprintf(err, "data_dir is required and must be absolute\n");
		bad = -1;
	}
	if (c->key_file == NULL || c->key_file[0] != '/') {
		fprintf(err, "key_file is required and must be absolute\n");
		bad = -1;
	} else if (c->data_dir != NULL && path_within(c->key_file, c->data_dir)) {
		fprintf(err, "key_file must live outside data_dir, so a copy "
		    "of the data alone does not carry the key\n");
		bad = -1;
	}
	if (c->templates_dir == NULL) {
		fprintf(err, "templates_dir is required\n");
		bad = -1;
	}
	if (c->templates_override_dir != NULL &&
	    c->templates_override_dir[0] != '/') {
		fprintf(err, "templates_override_dir must be absolute\n");
		bad = -1;
	}
	bad |= check_brand(c, err);
	/* Upwork allows about 10 calls a second and 40,000 a day per IP. Only
	 * the sandbox on loopback may be called faster (bulk tests), or
	 * without limits (0). */
	if (!c->allow_insecure_loopback && (c->upstream_rate_per_s == 0 ||
	    c->upstream_rate_per_s > 10)) {
		fprintf(err, "upstream_rate_per_s must be 1 to 10 (Upwork allows "
		    "about 10 calls a second per IP)\n");
		bad = -1;
	}
	if (!c->allow_insecure_loopback && (c->upstream_daily_cap == 0 ||
	    c->upstream_daily_cap >= 40000)) {
		fprintf(err, "upstream_daily_cap must be 1 to 39999 (Upwork "
		    "allows 40,000 calls a day)\n");
		bad = -1;
	}
	if (c->session_idle_s > c->session_max_s) {
		fprintf(err, "session_idle_s must not exceed session_max_s\n");
		bad = -1;
	}
	return bad ? -1 : 0;
}

int
conf_load(struct conf *c, const char *path, FILE *err)
{
	struct stat	 st;
	char		*text = NULL;
	ssize_t		 n;
	size_t		 len = 0;
	int		 fd, rc = -1;

	conf_defaults(c);
	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) == -1) {
		fprintf(err, "%s: %s\n", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		fprintf(err, "%s: not a regular file\n", path);
		goto out;
	}
	if (st.st_size > CONF_MAX_BYTES) {
		fprintf(err, "%s: larger than %d bytes\n", path, CONF_MAX_BYTES);
		goto out;
	}
	if ((text = malloc((size_t)st.st_size + 1)) == NULL)
		goto out;
	while (len < (size_t)st.st_size) {
		n = read(fd, text + len, (size_t)st.st_size - len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0) {
			fprintf(err, "%s: read failed\n", path);
			goto out;
		}
		len += (size_t)n;
	}
	if (conf_parse(c, text, len, path, err) == -1)
		goto out;
	/* The client secret makes this file a secret (security bar K6). */
	if (c->upwork_client_secret != NULL && (st.st_mode & 077) != 0) {
		fprintf(err, "%s: holds upwork_client_secret but is readable by "
		    "group or others (mode %03o); chmod 600 it\n", path,
		    (unsigned)(st.st_mode & 0777));
		goto out;
	}
	if (conf_check(c, err) == -1)
		goto out;
	c->sandbox = url_is_loopback_http(c->upwork_graphql_url);
	rc = 0;
out:
	if (text) {
		explicit_bzero(text, len);
		free(text);
	}
	close(fd);
	return rc;
}
