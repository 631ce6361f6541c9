/* test-tpl.c: the ctemplate shim and the real templates: loading, escaping,
 * sections, reload and concurrent expansion.
 * Usage: test-tpl [templates-dir [out-dir]]; with out-dir it also writes
 * signin.html, home.html and error.html there, for looking at in a browser. */
#define _XOPEN_SOURCE 700

#include <dirent.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "t.h"
#include "tpl.h"

#define PRAGMA		"{{%AUTOESCAPE context=\"HTML\"}}"
#define EVIL_USER	"<script>alert(1)</script>"
#define EVIL_ORG	"\"><img src=x onerror=alert(1)>"
#define THREADS		4
#define ROUNDS		1000


/* Expand which with d into a new string (caller frees); NULL on failure.
 * Frees d either way. */
static char *
expand(enum tpl_name which, struct tpl_dict *d)
{
	struct buf	 b = BUF_INIT;
	char		*s = NULL;

	if (d != NULL && tpl_expand(which, d, &b) == 0)
		s = buf_steal(&b);
	buf_free(&b);
	tpl_dict_free(d);
	return s;
}

static int
count(const char *hay, const char *needle)
{
	int	 n = 0;

	if (hay == NULL)
		return -1;
	while ((hay = strstr(hay, needle)) != NULL) {
		n++;
		hay += strlen(needle);
	}
	return n;
}

/* The layout around body, as the page handlers fill it. */
static struct tpl_dict *
page(const char *title, int sandbox, const char *user, const char *org,
    enum tpl_name body, struct tpl_dict **bodyp)
{
	struct tpl_dict	*d, *nav;
	static const char *const items[][2] = {
		{ "/", "Home" }, { "/jobs", "Jobs" }, { "/contracts", "Contracts" },
	};
	size_t		 i;

	if ((d = tpl_dict_new()) == NULL)
		return NULL;
	tpl_set(d, "TITLE", title);
	tpl_set(d, "BRAND_NAME", "Workdesk");	/* as page_brand_fill does */
	tpl_set(d, "BRAND_LOGO", "/static/logo.svg");
	if (sandbox)
		tpl_show(d, "SANDBOX");
	if (user != NULL) {
		tpl_show(d, "SIGNED_IN");
		tpl_set(d, "USER_NAME", user);
		tpl_set(d, "ORG_NAME", org);
		tpl_set(d, "CSRF_TOKEN", "tok\"en");
		tpl_show(d, "UPWORK_CONTENT");
		for (i = 0; i < sizeof items / sizeof items[0]; i++) {
			if ((nav = tpl_add_section(d, "NAV")) == NULL)
				break;
			tpl_set(nav, "NAV_HREF", items[i][0]);
			tpl_set(nav, "NAV_LABEL", items[i][1]);
			if (i == 0)
				tpl_show(nav, "NAV_CURRENT");
		}
	} else
		tpl_show(d, "SIGNED_OUT");
	*bodyp = tpl_include(d, "BODY", body);
	return d;
}

static char *
signin_page(int sandbox, const char *notice)
{
	struct tpl_dict	*d, *body;

	if ((d = page("Sign in", sandbox, NULL, NULL, TPL_SIGNIN, &body)) == NULL)
		return NULL;
	if (notice != NULL && body != NULL) {
		tpl_show(body, "NOTICE");
		tpl_set(body, "NOTICE_KIND", "warn");
		tpl_set(body, "NOTICE_TEXT", notice);
	}
	return expand(TPL_LAYOUT, d);
}

static char *
home_page(int sandbox, const char *user, const char *org, const char *profile)
{
	struct tpl_dict	*d, *body, *o;

	if ((d = page("Home", sandbox, user, org, TPL_HOME, &body)) == NULL)
		return NULL;
	if (body != NULL) {
		tpl_set(body, "USER_NAME", user);
		tpl_set(body, "USER_NID", "adalovelace");
		tpl_set(body, "ORG_NAME", org);
		tpl_set(body, "ORG_TYPE", "Agency");
		tpl_set(body, "FETCHED_AT", "29 Nov 2025, 09:53 UTC");
		if ((o = tpl_add_section(body, "ORGS")) != NULL) {
			tpl_set(o, "ORG_TITLE", "Ada Lovelace");
			tpl_set(o, "ORG_TYPE_TITLE", "Freelancer");
		}
		if ((o = tpl_add_section(body, "ORGS")) != NULL) {
			tpl_set(o, "ORG_TITLE", org);
			tpl_set(o, "ORG_TYPE_TITLE", "Agency");
			tpl_show(o, "ORG_CURRENT");
		}
		if (profile != NULL) {
			tpl_show(body, "PROFILE_LINK");
			tpl_set(body, "UPWORK_PROFILE_URL", profile);
		}
	}
	return expand(TPL_LAYOUT, d);
}

static char *
error_page(long long status, const char *detail)
{
	struct tpl_dict	*d, *body;

	if ((d = page("Upwork is not answering", 0, NULL, NULL, TPL_ERROR,
	    &body)) == NULL)
		return NULL;
	if (body != NULL) {
		tpl_set(body, "HEADING", "Upwork is not answering");
		tpl_set(body, "MESSAGE", "Workdesk could not reach Upwork. "
		    "Your data is safe; please try again in a minute.");
		tpl_set_int(body, "STATUS", status);
		tpl_set(body, "BACK_HREF", "/");
		tpl_set(body, "BACK_LABEL", "Back to the dashboard");
		if (detail != NULL) {
			tpl_show(body, "DETAIL");
			tpl_set(body, "DETAIL_TEXT", detail);
		}
	}
	return expand(TPL_LAYOUT, d);
}

static int
write_file(const char *dir, const char *name, const char *text)
{
	char	 path[PATH_MAX];
	FILE	*fp;
	int	 rc;

	if (snprintf(path, sizeof path, "%s/%s", dir, name) >= (int)sizeof path ||
	    (fp = fopen(path, "w")) == NULL)
		return -1;
	rc = fputs(text, fp) < 0 ? -1 : 0;
	if (fclose(fp) == EOF)
		rc = -1;
	return rc;
}

/* The file dir/name into a new string (caller frees); NULL on failure. */
static char *
read_file(const char *dir, const char *name)
{
	char		 path[PATH_MAX], chunk[4096];
	struct buf	 b = BUF_INIT;
	FILE		*fp;
	size_t		 n;
	int		 ok = 1;

	if (snprintf(path, sizeof path, "%s/%s", dir, name) >= (int)sizeof path ||
	    (fp = fopen(path, "r")) == NULL)
		return NULL;
	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
		if (buf_append(&b, chunk, n) == -1)
			ok = 0;
	if (ferror(fp))
		ok = 0;
	fclose(fp);
	if (!ok) {
		buf_free(&b);
		return NULL;
	}
	return buf_steal(&b);
}

/* Make the temp dir named by the mkdtemp pattern dir and copy the real
 * templates into it; 0 or -1. */
static int
copy_templates(const char *src, char *dir)
{
	DIR		*d;
	struct dirent	*e;
	char		*text;
	size_t		 n;
	int		 rc = 0;

	/* Every template the program ships (*.tpl), whatever their number. */
	if (mkdtemp(dir) == NULL || (d = opendir(src)) == NULL)
		return -1;
	while (rc == 0 && (e = readdir(d)) != NULL) {
		n = strlen(e->d_name);
		if (n < 5 || strcmp(e->d_name + n - 4, ".tpl") != 0)
			continue;
		if ((text = read_file(src, e->d_name)) == NULL ||
		    write_file(dir, e->d_name, text) == -1)
			rc = -1;
		free(text);
	}
	closedir(d);
	return rc;
}

static void
remove_templates(const char *dir)
{
	DIR		*d;
	struct dirent	*e;
	char		 path[PATH_MAX];

	if ((d = opendir(dir)) != NULL) {
		while ((e = readdir(d)) != NULL)
			if (e->d_name[0] != '.' && snprintf(path, sizeof path,
			    "%s/%s", dir, e->d_name) < (int)sizeof path)
				unlink(path);
		closedir(d);
	}
	rmdir(dir);
}

static void
test_signin(void)
{
	char	*s;

	s = signin_page(1, "Your session ended. Please sign in again.");
	T_OK(s != NULL, "signin page expands");
	T_OK(s != NULL && strncmp(s, "<!doctype html>", 15) == 0,
	    "the pragma line is stripped, the doctype comes first");
	T_CONTAINS(s, "<html lang=\"en\">", "lang");
	T_CONTAINS(s, "<title>Sign in · Workdesk</title>", "title");
	T_CONTAINS(s, "id=\"sandbox-banner\"", "banner shown");
	T_CONTAINS(s, "Sandbox data — this Workdesk is connected to the "
	    "built-in Upwork stand-in, not to Upwork.", "banner text");
	T_CONTAINS(s, "<p class=\"notice warn\" role=\"status\" id=\"notice\">"
	    "Your session ended. Please sign in again.</p>", "notice");
	T_CONTAINS(s, "<a class=\"button primary\" id=\"signin\" "
	    "href=\"/auth/login\">Sign in with Upwork</a>", "sign-in link");
	T_CONTAINS(s, "Workdesk never sees your Upwork password.", "password");
	T_CONTAINS(s, "It is not Upwork and is not endorsed by Upwork.",
	    "independence footer");
	T_CONTAINS(s, "<a href=\"/privacy\">", "privacy link");
	T_LACKS(s, "Sign out", "no sign-out when signed out");
	T_LACKS(s, "<nav", "no navigation when signed out");
	T_LACKS(s, "upwork-attribution", "no attribution without Upwork data");
	T_EQ_INT(count(s, "<h1"), 1, "one h1");
	free(s);

	s = signin_page(0, NULL);
	T_LACKS(s, "sandbox-banner", "no banner unless shown");
	T_LACKS(s, "Sandbox data", "no banner text unless shown");
	T_LACKS(s, "id=\"notice\"", "no notice unless shown");
	free(s);
}

static void
test_home(void)
{
	char	*s;

	s = home_page(0, EVIL_USER, EVIL_ORG, "javascript:alert(1)");
	T_OK(s != NULL, "home page expands");
	T_CONTAINS(s, "&lt;script&gt;alert(1)&lt;/script&gt;", "name escaped");
	T_LACKS(s, "<script", "no raw script tag");
	T_CONTAINS(s, "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;",
	    "org escaped");
	T_LACKS(s, "<img src=x", "no raw img tag");
	T_LACKS(s, "onerror=alert(1)>", "no raw tag end after the payload");
	T_EQ_INT(count(s, "<img"), 1, "no img but the logo");
	T_CONTAINS(s, "<dd id=\"user-name\">&lt;script&gt;", "user-name id");
	T_CONTAINS(s, "<span id=\"org-name\">&quot;&gt;", "org-name id");
	T_CONTAINS(s, "name=\"csrf\" value=\"tok&quot;en\"", "csrf escaped");
	T_LACKS(s, "javascript:", "unsafe profile URL dropped");
	T_EQ_INT(count(s, "<li><a href="), 3, "three nav items");
	T_EQ_INT(count(s, "aria-current=\"page\""), 1, "one current item");
	T_CONTAINS(s, "<a href=\"/\" aria-current=\"page\">Home</a>",
	    "current item marked");
	T_CONTAINS(s, "<a href=\"/jobs\">Jobs</a>", "other items unmarked");
	T_CONTAINS(s, "<nav aria-label=\"Main\">", "nav landmark");
	T_EQ_INT(count(s, "(current)"), 1, "one current organization");
	T_CONTAINS(s, "<li>Ada Lovelace <span class=\"tag\">Freelancer</span>"
	    "</li>", "organization row");
	T_CONTAINS(s, "id=\"upwork-attribution\"", "attribution shown");
	T_CONTAINS(s, "href=\"https://www.upwork.com/\"", "attribution link");
	T_CONTAINS(s, "Updated 29 Nov 2025, 09:53 UTC", "fetched at");
	T_EQ_INT(count(s, "<h1"), 1, "one h1");
	free(s);

	s = home_page(0, "Ada", "Analytical Engines Ltd",
	    "https://www.upwork.com/freelancers/~01abc?a=1&b=2");
	T_CONTAINS(s, "href=\"https://www.upwork.com/freelancers/~01abc?a=1"
	    "&amp;b=2\">View your profile on Upwork</a>", "profile link");
	free(s);
}

static void
test_error(void)
{
	char	*s;

	s = error_page(502, "GraphQL error:\n</pre><script>steal()</script>");
	T_CONTAINS(s, "<h1 id=\"error-heading\">Upwork is not answering</h1>",
	    "heading");
	T_CONTAINS(s, "Error 502", "status");
	T_CONTAINS(s, "<pre>GraphQL error:\n&lt;/pre&gt;&lt;script&gt;"
	    "steal()&lt;/script&gt;</pre>", "detail escaped, lines kept");
	T_LACKS(s, "<script", "no raw script tag");
	T_LACKS(s, "class=\"hint\"", "hint hidden unless shown");
	T_CONTAINS(s, "<a class=\"button\" href=\"/\">Back to the dashboard</a>",
	    "back link");
	free(s);

	s = error_page(LLONG_MIN, NULL);
	T_CONTAINS(s, "Error -9223372036854775808", "tpl_set_int range");
	T_LACKS(s, "<details>", "details hidden unless shown");
	free(s);
}

static void
test_api(const char *dir)
{
	struct tpl_dict	*d, *body;
	struct buf	 b = BUF_INIT;
	char		*s, *text;
	DIR		*dp;
	struct dirent	*e;
	size_t		 i;
	int		 nones = 0, ntpl = 0;

	/* The one :none is in doc.tpl, on HTML that app/md.c built. */
	d = tpl_dict_new();
	body = tpl_include(d, "BODY", TPL_DOC);
	tpl_set(d, "TITLE", NULL);
	tpl_set(d, "BRAND_NAME", "Workdesk");
	tpl_show(d, "SIGNED_OUT");
	tpl_set(body, "DOC_HTML", "<h1>Privacy policy</h1>");
	s = expand(TPL_LAYOUT, d);
	T_CONTAINS(s, "<article class=\"prose\">\n<h1>Privacy policy</h1>",
	    "policy HTML as is");
	T_CONTAINS(s, "<title> · Workdesk</title>", "NULL value is empty");
	free(s);
	if ((dp = opendir(dir)) != NULL) {
		while ((e = readdir(dp)) != NULL) {
			i = strlen(e->d_name);
			if (i < 5 || strcmp(e->d_name + i - 4, ".tpl") != 0)
				continue;
			ntpl++;
			text = read_file(dir, e->d_name);
			T_OK(text != NULL && strncmp(text, PRAGMA "\n",
			    strlen(PRAGMA) + 1) == 0,
			    "%s starts with the pragma", e->d_name);
			nones += count(text, ":none");
			free(text);
		}
		closedir(dp);
	}
	T_EQ_INT(ntpl, TPL__MAX, "one file per template the program names");
	T_EQ_INT(nones, 2, ":none only in doc.tpl (variable + comment)");

	/* A failed expansion leaves the buffer as it was. */
	T_EQ_INT(buf_puts(&b, "kept"), 0, "buf_puts");
	d = tpl_dict_new();
	T_EQ_INT(tpl_expand(TPL__MAX, d, &b), -1, "bad template enum");
	T_EQ_INT(tpl_expand(TPL_HOME, NULL, &b), -1, "NULL dictionary");
	T_OK(tpl_include(d, "BODY", TPL__MAX) == NULL, "bad include enum");
	T_EQ_STR(b.p, "kept", "buffer untouched by failures");
	tpl_dict_free(d);
	buf_free(&b);
	tpl_dict_free(NULL);
}

/* dir/name := text with from replaced by to; -1 if from is missing. */
static int
edit_file(const char *dir, const char *name, const char *from, const char *to)
{
	struct buf	 b = BUF_INIT;
	char		*text, *at;
	int		 rc = -1;

	if ((text = read_file(dir, name)) == NULL)
		return -1;
	if ((at = strstr(text, from)) != NULL &&
	    buf_append(&b, text, (size_t)(at - text)) == 0 &&
	    buf_puts(&b, to) == 0 && buf_puts(&b, at + strlen(from)) == 0)
		rc = write_file(dir, name, b.p);
	free(text);
	buf_free(&b);
	return rc;
}

static void
test_load(const char *src)
{
	char	 dir[] = "/tmp/test-tpl.XXXXXX", *s;
	int	 copied;

	T_EQ_INT(tpl_init("/nonexistent/templates"), -1, "missing dir");

	copied = copy_templates(src, dir) == 0;
	T_OK(copied, "temp copy of the templates");
	if (!copied) {
		remove_templates(dir);
		return;
	}
	T_EQ_INT(edit_file(dir, "home.tpl", PRAGMA "\n", ""), 0, "edit");
	T_EQ_INT(tpl_init(dir), -1, "template without the pragma refused");
	s = signin_page(0, NULL);
	T_CONTAINS(s, "id=\"signin\"", "old templates still in use");
	free(s);

	T_EQ_INT(edit_file(dir, "home.tpl", "", PRAGMA "\n"), 0, "edit");
	T_EQ_INT(edit_file(dir, "error.tpl", "{{/HINT}}", ""), 0, "edit");
	T_EQ_INT(tpl_init(dir), -1, "syntax error refused");

	T_EQ_INT(edit_file(dir, "error.tpl", "{{HINT_TEXT}}</p>\n",
	    "{{HINT_TEXT}}</p>\n{{/HINT}}"), 0, "edit");
	T_EQ_INT(tpl_init(dir), 0, "fixed templates load");

	T_EQ_INT(edit_file(dir, "error.tpl", "<p>{{MESSAGE}}</p>",
	    "<p class=\"v2\">{{MESSAGE}}</p>"), 0, "edit");
	s = error_page(500, NULL);
	T_LACKS(s, "class=\"v2\"", "no change before reload");
	free(s);
	T_EQ_INT(tpl_reload(), 0, "reload");
	s = error_page(500, NULL);
	T_CONTAINS(s, "<p class=\"v2\">", "reload picks up the change");
	free(s);

	T_EQ_INT(edit_file(dir, "layout.tpl", PRAGMA, ""), 0, "edit");
	T_EQ_INT(tpl_reload(), -1, "reload of a bad template fails");
	s = error_page(500, NULL);
	T_CONTAINS(s, "<p class=\"v2\">", "and the loaded ones stay");
	free(s);

	remove_templates(dir);
}

struct worker {
	const char	*want;
	int		 mismatches;
};

static atomic_int	 stop_reloading;

static void *
expander(void *arg)
{
	struct worker	*w = arg;
	char		*got;
	int		 i;

	for (i = 0; i < ROUNDS; i++) {
		got = home_page(1, EVIL_USER, EVIL_ORG,
		    "https://www.upwork.com/freelancers/~01abc");
		if (got == NULL || strcmp(got, w->want) != 0)
			w->mismatches++;
		free(got);
	}
	return NULL;
}

/* Reloads while the expanders run, as SIGHUP would; counts failures. */
static void *
reloader(void *arg)
{
	int			*failures = arg;
	const struct timespec	 pause = { 0, 2 * 1000 * 1000 };

	while (!atomic_load(&stop_reloading)) {
		if (tpl_reload() == -1)
			(*failures)++;
		nanosleep(&pause, NULL);
	}
	return NULL;
}

static void
test_threads(void)
{
	pthread_t	 tid[THREADS], rtid;
	struct worker	 w[THREADS];
	char		*want;
	int		 i, started = 0, failures = 0, rstarted;

	want = home_page(1, EVIL_USER, EVIL_ORG,
	    "https://www.upwork.com/freelancers/~01abc");
	T_OK(want != NULL, "reference page");
	if (want == NULL)
		return;
	rstarted = pthread_create(&rtid, NULL, reloader, &failures) == 0;
	for (i = 0; i < THREADS; i++) {
		w[i].want = want;
		w[i].mismatches = 0;
		if (pthread_create(&tid[i], NULL, expander, &w[i]) == 0)
			started++;
	}
	T_EQ_INT(started, THREADS, "threads started");
	for (i = 0; i < started; i++) {
		pthread_join(tid[i], NULL);
		T_EQ_INT(w[i].mismatches, 0, "identical output in every thread");
	}
	atomic_store(&stop_reloading, 1);
	if (rstarted)
		pthread_join(rtid, NULL);
	T_OK(rstarted, "reloader started");
	T_EQ_INT(failures, 0, "reloads during expansion");
	free(want);
}

/* The three screens as files, to look at with the stylesheet. */
static void
write_pages(const char *out)
{
	char	*s;

	s = signin_page(1, "You have been signed out.");
	T_EQ_INT(s ? write_file(out, "signin.html", s) : -1, 0, "signin.html");
	free(s);
	s = home_page(1, "Ada Lovelace", "Analytical Engines Ltd",
	    "https://www.upwork.com/freelancers/~01abc");
	T_EQ_INT(s ? write_file(out, "home.html", s) : -1, 0, "home.html");
	free(s);
	s = error_page(502, "Upwork said:\nException occurred");
	T_EQ_INT(s ? write_file(out, "error.html", s) : -1, 0, "error.html");
	free(s);
}

/* templates_override_dir (issue 15): a good override replaces its
 * template, a bad one is reported and the shipped one used, and the
 * templates carrying the attribution and sign-in wording stay as shipped. */
static void
test_overrides(const char *src)
{
	char	 dir[] = "/tmp/test-tpl-over.XXXXXX", *s;

	if (mkdtemp(dir) == NULL) {
		T_OK(0, "mkdtemp");
		return;
	}
	T_EQ_INT(write_file(dir, "error.tpl", PRAGMA "\n<p class=\"ours\">"
	    "{{MESSAGE}} (override)</p>\n"), 0, "override error.tpl written");
	T_EQ_INT(write_file(dir, "signin.tpl", PRAGMA "\n<p>no attribution"
	    "</p>\n"), 0, "override signin.tpl written");
	T_EQ_INT(tpl_init_overrides(src, dir), 0, "templates with overrides load");
	s = error_page(500, NULL);
	T_CONTAINS(s, "<p class=\"ours\">", "a good override replaces its template");
	T_CONTAINS(s, "class=\"site-footer\"", "... inside the shipped layout");
	free(s);
	s = signin_page(0, NULL);
	T_CONTAINS(s, "id=\"signin\"", "signin.tpl cannot be replaced");
	free(s);

	T_EQ_INT(write_file(dir, "error.tpl", "<p>{{MESSAGE}}</p>\n"), 0,
	    "override without the pragma");
	T_EQ_INT(tpl_init_overrides(src, dir), 0, "still loads");
	s = error_page(500, NULL);
	T_OK(s != NULL && strstr(s, "class=\"ours\"") == NULL &&
	    strstr(s, "error-page") != NULL, "a bad override: the shipped one is used");
	free(s);
	T_EQ_INT(write_file(dir, "error.tpl", PRAGMA "\n{{#X}}\n"), 0,
	    "override that does not parse");
	T_EQ_INT(tpl_init_overrides(src, dir), 0, "still loads");
	s = error_page(500, NULL);
	T_OK(s != NULL && strstr(s, "error-page") != NULL, "... the shipped one is used");
	free(s);
	T_EQ_INT(tpl_init_overrides(src, "/nonexistent/overrides"), 0,
	    "a missing override directory: the shipped templates");
	remove_templates(dir);
}

/* The dictionary answers as ctemplate's TemplateDictionary does: values
 * and sections are looked up in a section's parents too, a later value
 * replaces an earlier one, a shown section keeps the dictionaries added to
 * it, an include sees only its own dictionary, BI_SPACE is a space and a
 * missing variable is empty. Through two templates of a scratch copy. */
static void
test_dict(const char *src)
{
	char		 dir[] = "/tmp/test-tpl-dict.XXXXXX";
	struct tpl_dict	*d, *s, *inc;
	char		*out;

	if (copy_templates(src, dir) == -1 ||
	    write_file(dir, "action.tpl", "{{%AUTOESCAPE context=\"HTML\"}}\n"
	    "[{{A}}|{{B}}]{{#S}}({{A}}:{{C}}{{#T}}!{{/T}}{{#U}}u{{/U}}){{/S}}"
	    "{{#T}}T{{/T}}{{#U}}U{{/U}}{{BI_SPACE}}x{{>INC}}({{MISSING}})"
	    "{{#V}}{{W}}{{/V}}\n") == -1 ||
	    write_file(dir, "org.tpl", "{{%AUTOESCAPE context=\"HTML\"}}\n"
	    "[{{A}}{{I}}]") == -1 || tpl_init(dir) == -1) {
		T_OK(0, "scratch templates for the dictionary");
		remove_templates(dir);
		return;
	}
	d = tpl_dict_new();
	tpl_set(d, "A", "a<");
	tpl_set(d, "B", "b");
	tpl_set(d, "B", "b2");
	s = tpl_add_section(d, "S");
	tpl_set(s, "C", "c1");
	tpl_show(s, "T");
	s = tpl_add_section(d, "S");
	tpl_set(s, "C", "c2");
	tpl_set(s, "A", "a2");
	tpl_show(d, "U");
	tpl_show(d, "U");
	inc = tpl_include(d, "INC", TPL_ORG);
	tpl_set(inc, "I", "i");
	s = tpl_add_section(d, "V");
	tpl_set(s, "W", "w");
	tpl_show(d, "V");
	out = expand(TPL_ACTION, d);
	T_EQ_STR(out, "[a&lt;|b2](a&lt;:c1!u)(a2:c2u)U x[i]()w\n",
	    "dictionary lookups as ctemplate's");
	free(out);
	remove_templates(dir);
}

int
main(int argc, char *argv[])
{
	const char	*dir = argc > 1 ? argv[1] : "templates";

	if (tpl_init(dir) == -1) {
		T_OK(0, "tpl_init(%s)", dir);
		return t_done("test-tpl");
	}
	test_signin();
	test_home();
	test_error();
	test_api(dir);
	if (argc > 2)
		write_pages(argv[2]);
	test_load(dir);
	test_overrides(dir);
	test_dict(dir);
	T_EQ_INT(tpl_init(dir), 0, "real templates again");
	test_threads();
	tpl_exit();
	T_EQ_INT(tpl_reload(), -1, "reload after tpl_exit");
	return t_done("test-tpl");
}
