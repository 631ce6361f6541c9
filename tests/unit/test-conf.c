/* test-conf.c: the configuration file (conf.c): the key = value syntax,
 * typed values and their ranges, error messages naming the line, the
 * cross-field checks (https only, loopback sandbox, key outside data_dir),
 * and the file checks of conf_load (mode 0600 for a secret, no symlink). */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "conf.h"
#include "t.h"

/* What the last parse, check or load wrote to its error stream. */
static char	*errtext;

static void
err_clear(void)
{
	free(errtext);
	errtext = NULL;
}

/* Parse text into a defaulted *c, keeping the messages in errtext. */
static int
parse(struct conf *c, const char *text, size_t len)
{
	size_t	 n;
	FILE	*err;
	int	 rc;

	err_clear();
	conf_defaults(c);
	if ((err = open_memstream(&errtext, &n)) == NULL)
		return -2;
	rc = conf_parse(c, text, len, "t.conf", err);
	fclose(err);
	return rc;
}

static int
parse_s(struct conf *c, const char *text)
{
	return parse(c, text, strlen(text));
}

/* Parse one text that must fail; the message must contain want. */
static void
parse_bad(const char *text, const char *want, const char *why)
{
	struct conf	 c;
	int		 rc = parse_s(&c, text);

	T_OK(rc == -1 && errtext != NULL && strstr(errtext, want) != NULL,
	    "%s: rc %d, message \"%s\", want -1 and \"%s\"", why, rc,
	    errtext ? errtext : "", want);
	conf_free(&c);
}

static int
check(const struct conf *c)
{
	size_t	 n;
	FILE	*err;
	int	 rc;

	err_clear();
	if ((err = open_memstream(&errtext, &n)) == NULL)
		return -2;
	rc = conf_check(c, err);
	fclose(err);
	return rc;
}

static void
set(char **field, const char *v)
{
	free(*field);
	*field = v ? strdup(v) : NULL;
}

#define GOOD \
	"data_dir = /srv/wd/data\n" \
	"key_file = /srv/wd/key\n" \
	"templates_dir = /srv/wd/templates\n" \
	"public_origin = https://wd.example\n" \
	"redirect_uri = https://wd.example/auth/callback\n" \
	"upwork_client_id = id123\n" \
	"upwork_client_secret = s3cret\n"

static void
test_parse(void)
{
	struct conf	 c;
	char		 big[70 * 1024];

	T_EQ_INT(parse_s(&c, "# a comment\n\n   \n\t# indented comment\n"
	    "  data_dir   =   /var/lib/wd  \nthreads=8\npkce = no\r\n"
	    "upwork_client_secret = a=b#c\n"), 0, "comments, blanks, spaces");
	T_EQ_STR(c.data_dir, "/var/lib/wd", "value trimmed");
	T_EQ_INT(c.threads, 8, "number");
	T_EQ_INT(c.pkce, 0, "bool with CRLF line end");
	T_EQ_STR(c.upwork_client_secret, "a=b#c", "split at the first =");
	T_EQ_STR(c.upwork_graphql_url, "https://api.upwork.com/graphql",
	    "default kept");
	T_EQ_INT(c.session_idle_s, 1800, "default idle");
	T_OK(errtext != NULL && errtext[0] == '\0', "no message on success");
	conf_free(&c);

	T_EQ_INT(parse_s(&c, "data_dir = /a\ndata_dir = /b\n"), -1, "twice");
	T_CONTAINS(errtext, "t.conf:2: data_dir is set twice", "duplicate line");
	conf_free(&c);

	parse_bad("threads = 2\n\ncolour = red\n", "t.conf:3: unknown key "
	    "\"colour\"", "unknown key");
	parse_bad("Threads = 2\n", "unknown key", "keys are case-sensitive");
	parse_bad("threads = abc\n", "t.conf:1: threads: expected a whole "
	    "number from 1 to 256", "letters");
	parse_bad("threads = 12x\n", "t.conf:1: threads", "trailing letters");
	parse_bad("threads = -5\n", "t.conf:1: threads", "below min");
	parse_bad("threads = 0\n", "t.conf:1: threads", "0 below min 1");
	parse_bad("threads = 257\n", "t.conf:1: threads", "above max");
	parse_bad("threads = 99999999999999999999\n", "t.conf:1: threads",
	    "overflow");
	parse_bad("session_idle_s = -99999999999999999999\n", "session_idle_s",
	    "negative overflow");
	parse_bad("threads = +5\n", "threads", "plus sign");
	parse_bad("threads = 0x10\n", "threads", "hex");
	parse_bad("threads = 1 2\n", "threads", "two numbers");
	parse_bad("threads =\n", "threads", "empty number");
	parse_bad("session_idle_s = 59\n", "from 60 to 86400", "idle below 60");
	parse_bad("pkce = maybe\n", "t.conf:1: pkce: expected yes or no",
	    "bad bool");
	parse_bad("pkce =\n", "pkce: expected yes or no", "empty bool");
	parse_bad("\ndata_dir =   \n", "t.conf:2: data_dir: empty value",
	    "empty string");
	parse_bad("data_dir /srv\n", "t.conf:1: expected \"key = value\"",
	    "line without =");
	parse_bad("# ok\nthreads = 2\njust words\n", "t.conf:3: expected",
	    "line without = names its line");

	/* Every bad line is reported, not only the first. */
	T_EQ_INT(parse_s(&c, "threads = x\npkce = yes\nfoo = 1\n"), -1,
	    "two errors");
	T_CONTAINS(errtext, "t.conf:1:", "first error reported");
	T_CONTAINS(errtext, "t.conf:3:", "second error reported");
	conf_free(&c);

	T_EQ_INT(parse(&c, "threads = 2\n\0pkce = no\n", 23), -1, "NUL byte");
	T_CONTAINS(errtext, "NUL", "NUL byte named");
	conf_free(&c);

	memset(big, '#', sizeof(big));
	T_EQ_INT(parse(&c, big, sizeof(big)), -1, "over 64 KiB");
	T_CONTAINS(errtext, "larger than", "size named");
	conf_free(&c);

	/* Bounds are inclusive, and every bool spelling works. */
	T_EQ_INT(parse_s(&c, "threads = 1\nsession_idle_s = 86400\n"
	    "http_timeout_ms = 55000\npkce = yes\n"
	    "allow_insecure_loopback = true\n"), 0, "bounds");
	T_EQ_INT(c.threads, 1, "min threads");
	T_EQ_INT(c.session_idle_s, 86400, "max idle");
	T_EQ_INT(c.http_timeout_ms, 55000, "max timeout");
	T_EQ_INT(c.pkce, 1, "yes");
	T_EQ_INT(c.allow_insecure_loopback, 1, "true");
	conf_free(&c);
	T_EQ_INT(parse_s(&c, "threads = 256\npkce = false\n"
	    "allow_insecure_loopback = 1\n"), 0, "bounds 2");
	T_EQ_INT(c.threads, 256, "max threads");
	T_EQ_INT(c.pkce, 0, "false");
	T_EQ_INT(c.allow_insecure_loopback, 1, "1");
	conf_free(&c);
	T_EQ_INT(parse_s(&c, "pkce = 0\nallow_insecure_loopback = no\n"), 0,
	    "bools 3");
	T_EQ_INT(c.pkce, 0, "0");
	T_EQ_INT(c.allow_insecure_loopback, 0, "no");
	conf_free(&c);
}

/* A conf that passes conf_check; tests change one field. */
static void
good(struct conf *c)
{
	if (parse_s(c, GOOD) != 0)
		fprintf(stderr, "GOOD does not parse: %s\n", errtext);
}

/* conf_check on GOOD with one string field changed. */
static int
check_with(size_t off, const char *v, int allow_loopback)
{
	struct conf	 c;
	int		 rc;

	good(&c);
	c.allow_insecure_loopback = allow_loopback;
	set((char **)((char *)&c + off), v);
	rc = check(&c);
	conf_free(&c);
	return rc;
}

#define F(f)	offsetof(struct conf, f)

static void
loopback(const char *url, int want, const char *why)
{
	int	 rc = check_with(F(upwork_graphql_url), url, 1);

	T_OK(rc == want, "allow_insecure_loopback, graphql url %s (%s): "
	    "got %d, want %d", url, why, rc, want);
}

static void
test_check(void)
{
	struct conf	 c;

	good(&c);
	T_EQ_INT(check(&c), 0, "good config passes");
	T_OK(errtext != NULL && errtext[0] == '\0', "and says nothing");
	conf_free(&c);

	/* http:// needs allow_insecure_loopback, and then only on loopback. */
	T_EQ_INT(check_with(F(upwork_graphql_url),
	    "http://127.0.0.1:8081/graphql", 0), -1, "http refused by default");
	T_CONTAINS(errtext, "upwork_graphql_url must be an https:// URL",
	    "message names the key");
	T_CONTAINS(errtext, "allow_insecure_loopback", "message says the fix");
	T_EQ_INT(check_with(F(upwork_token_url), "http://localhost:8081/t", 0),
	    -1, "http token url refused by default");
	loopback("http://127.0.0.1:8081/graphql", 0, "127.0.0.1");
	loopback("http://127.0.0.1/graphql", 0, "127.0.0.1 without port");
	loopback("http://localhost:8081/graphql", 0, "localhost:PORT");
	loopback("http://localhost/graphql", 0, "localhost/path");
	loopback("http://[::1]:8081/graphql", 0, "[::1]");
	loopback("http://127.0.0.1", 0, "bare 127.0.0.1");
	loopback("http://localhost", 0, "bare localhost");
	loopback("http://example.com/graphql", -1, "non-loopback host");
	loopback("http://localhost.example.com/graphql", -1,
	    "localhost as a prefix of another name");
	loopback("ftp://127.0.0.1/graphql", -1, "other scheme");
	/* These look like loopback to a prefix test but name other hosts. */
	loopback("http://127.evil.example/graphql", -1,
	    "a DNS name starting with 127.");
	loopback("http://127.0.0.1.evil.example/graphql", -1,
	    "127.0.0.1. as a subdomain");
	loopback("http://127.0.0.1@evil.example/graphql", -1,
	    "127.0.0.1 as userinfo");
	loopback("http://localhost:80@evil.example/graphql", -1,
	    "localhost:80 as userinfo");
	loopback("http://[::1]@evil.example/graphql", -1, "[::1] as userinfo");

	/* The agency's look (issue 15). */
	T_EQ_INT(check_with(F(brand_accent), "#12abEF", 0), 0, "accent #rrggbb");
	T_EQ_INT(check_with(F(brand_accent), "red", 0), -1, "accent by name refused");
	T_CONTAINS(errtext, "brand_accent: a colour as #rrggbb", "... and says the form");
	T_EQ_INT(check_with(F(brand_accent), "#12abE", 0), -1, "accent of 5 digits");
	T_EQ_INT(check_with(F(brand_accent), "#12abEF;}", 0), -1,
	    "accent that would end the CSS rule");
	T_EQ_INT(check_with(F(brand_logo), "/srv/brand/logo.SVG", 0), 0, "logo .SVG");
	T_EQ_INT(check_with(F(brand_logo), "/srv/brand/logo.gif", 0), -1, "logo .gif refused");
	T_EQ_INT(check_with(F(brand_logo), "logo.png", 0), -1, "relative logo refused");
	T_EQ_INT(check_with(F(brand_name), "Acme Freelance Co.", 0), 0, "brand name");
	T_EQ_INT(check_with(F(brand_name), "Acme\tCo", 0), -1, "control character refused");
	T_EQ_INT(check_with(F(brand_name), "1234567890123456789012345678901234567890"
	    "123456789012345678901", 0), -1, "61 bytes refused");
	T_EQ_INT(check_with(F(templates_override_dir), "overrides", 0), -1,
	    "relative templates_override_dir refused");

	T_EQ_INT(check_with(F(public_origin), "http://wd.example", 1), -1,
	    "http public_origin off loopback");
	T_CONTAINS(errtext, "public_origin must be https://", "message");
	T_EQ_INT(check_with(F(public_origin), "https://wd.example/", 0), -1,
	    "public_origin ending in /");
	T_CONTAINS(errtext, "public_origin must not end with /", "message");

	T_EQ_INT(check_with(F(redirect_uri), "https://other.example/cb", 0), -1,
	    "redirect_uri on another origin");
	T_CONTAINS(errtext, "redirect_uri must be on public_origin", "message");
	T_EQ_INT(check_with(F(redirect_uri),
	    "https://wd.example.evil.example/cb", 0), -1,
	    "redirect_uri on a host that merely starts with public_origin");
	T_EQ_INT(check_with(F(redirect_uri), "https://wd.example:8443/cb", 0),
	    -1, "redirect_uri on another port");
	T_EQ_INT(check_with(F(redirect_uri), "https://wd.example", 0), -1,
	    "redirect_uri equal to public_origin (not the callback route)");
	T_EQ_INT(check_with(F(redirect_uri), "https://wd.example/cb", 0), -1,
	    "redirect_uri on another path than /auth/callback");
	T_EQ_INT(check_with(F(redirect_uri),
	    "https://wd.example/auth/callback", 0), 0,
	    "redirect_uri at public_origin/auth/callback");

	T_EQ_INT(check_with(F(key_file), "/srv/wd/data/key", 0), -1,
	    "key_file inside data_dir");
	T_CONTAINS(errtext, "key_file must live outside data_dir", "message");
	T_EQ_INT(check_with(F(key_file), "/srv/wd/data/sub/key", 0), -1,
	    "key_file deeper inside data_dir");
	T_EQ_INT(check_with(F(key_file), "/srv/wd/data-key", 0), 0,
	    "a sibling sharing the prefix is outside");
	good(&c);
	set(&c.data_dir, "/srv/wd/data/");
	set(&c.key_file, "/srv/wd/data/key");
	T_EQ_INT(check(&c), -1, "key_file inside a data_dir written with a "
	    "trailing /");
	conf_free(&c);
	T_EQ_INT(check_with(F(key_file), "key", 0), -1, "relative key_file");

	T_EQ_INT(check_with(F(data_dir), "data", 0), -1, "relative data_dir");
	T_CONTAINS(errtext, "data_dir is required and must be absolute",
	    "message");
	T_EQ_INT(check_with(F(data_dir), NULL, 0), -1, "no data_dir");
	T_EQ_INT(check_with(F(upwork_client_id), NULL, 0), -1, "no client id");
	T_CONTAINS(errtext, "upwork_client_id is required", "message");
	T_EQ_INT(check_with(F(upwork_client_secret), NULL, 0), -1,
	    "no client secret");
	T_CONTAINS(errtext, "upwork_client_secret is required", "message");
	T_EQ_INT(check_with(F(templates_dir), NULL, 0), -1, "no templates");
	T_EQ_INT(check_with(F(redirect_uri), NULL, 0), -1, "no redirect_uri");
	T_EQ_INT(check_with(F(public_origin), NULL, 0), -1, "no public_origin");

	good(&c);
	c.session_idle_s = 7200;
	c.session_max_s = 3600;
	T_EQ_INT(check(&c), -1, "idle longer than max");
	T_CONTAINS(errtext, "session_idle_s must not exceed session_max_s",
	    "message");
	conf_free(&c);
}

static int
write_file(const char *path, const char *text, mode_t mode)
{
	int	 fd;
	size_t	 n = strlen(text);

	unlink(path);
	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600)) == -1)
		return -1;
	if (write(fd, text, n) != (ssize_t)n) {
		close(fd);
		return -1;
	}
	close(fd);
	return chmod(path, mode);
}

static int
load(struct conf *c, const char *path)
{
	size_t	 n;
	FILE	*err;
	int	 rc;

	err_clear();
	if ((err = open_memstream(&errtext, &n)) == NULL)
		return -2;
	rc = conf_load(c, path, err);
	fclose(err);
	return rc;
}

static void
test_load(void)
{
	char		 dir[] = "/tmp/wd-conf-XXXXXX", path[256], link[256];
	struct conf	 c;

	if (mkdtemp(dir) == NULL) {
		T_OK(0, "mkdtemp: %s", strerror(errno));
		return;
	}
	snprintf(path, sizeof(path), "%s/workdesk.conf", dir);
	snprintf(link, sizeof(link), "%s/link.conf", dir);

	T_EQ_INT(write_file(path, GOOD, 0644), 0, "write 0644");
	T_EQ_INT(load(&c, path), -1, "secret in a 0644 file refused");
	T_CONTAINS(errtext, "chmod 600", "message says the fix");
	conf_free(&c);
	T_EQ_INT(chmod(path, 0640), 0, "chmod 0640");
	T_EQ_INT(load(&c, path), -1, "secret in a 0640 file refused");
	conf_free(&c);

	T_EQ_INT(chmod(path, 0600), 0, "chmod 0600");
	T_EQ_INT(load(&c, path), 0, "0600 accepted");
	T_EQ_STR(c.upwork_client_id, "id123", "value loaded");
	T_EQ_INT(c.sandbox, 0, "https Upwork: not the sandbox");
	conf_free(&c);

	T_EQ_INT(symlink(path, link), 0, "symlink");
	T_EQ_INT(load(&c, link), -1, "symlinked config refused");
	conf_free(&c);

	snprintf(link, sizeof(link), "%s/absent.conf", dir);
	T_EQ_INT(load(&c, link), -1, "missing file");
	T_CONTAINS(errtext, "absent.conf", "missing file named");
	conf_free(&c);

	T_EQ_INT(load(&c, dir), -1, "a directory");
	conf_free(&c);

	T_EQ_INT(write_file(path, GOOD "allow_insecure_loopback = yes\n"
	    "upwork_graphql_url = http://127.0.0.1:8081/graphql\n", 0600), 0,
	    "write sandbox config");
	T_EQ_INT(load(&c, path), 0, "sandbox config loads");
	T_EQ_INT(c.sandbox, 1, "loopback http graphql: sandbox set");
	conf_free(&c);

	T_EQ_INT(write_file(path, GOOD "threads = lots\n", 0600), 0, "write");
	T_EQ_INT(load(&c, path), -1, "parse error fails the load");
	T_CONTAINS(errtext, "workdesk.conf:8: threads", "file and line named");
	conf_free(&c);

	T_EQ_INT(write_file(path, "data_dir = /srv/wd\n", 0600), 0, "write");
	T_EQ_INT(load(&c, path), -1, "conf_check runs on load");
	T_CONTAINS(errtext, "upwork_client_id is required", "check message");
	conf_free(&c);

	t_rmtree(dir);
}

int
main(void)
{
	test_parse();
	test_check();
	test_load();
	err_clear();
	return t_done("test-conf");
}
