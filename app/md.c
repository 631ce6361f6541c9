/* md.c: a Markdown subset for the documents we ship ourselves.
 *
 * It is not a general Markdown renderer and never sees Upwork's or a
 * user's text: it exists so PRIVACY.md is the one source of the policy,
 * served as a page (DESIGN.md rule 5). */
#include <string.h>

#include "md.h"

int
md_escape(struct buf *out, const char *s, size_t n)
{
	size_t	 i, run = 0;
	const char *rep;

	for (i = 0; i < n; i++) {
		switch (s[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default: continue;
		}
		if (buf_append(out, s + run, i - run) == -1 ||
		    buf_puts(out, rep) == -1)
			return -1;
		run = i + 1;
	}
	return buf_append(out, s + run, n - run);
}

static int
link_ok(const char *u, size_t n)
{
	/* "//host" and "/\host" are other sites to a browser. */
	return (n > 8 && strncmp(u, "https://", 8) == 0) ||
	    (n > 0 && u[0] == '#') ||
	    (n > 0 && u[0] == '/' && (n == 1 || (u[1] != '/' && u[1] != '\\')));
}

/* Inline markup of one block's text. */
static int
inline_run(struct buf *out, const char *s, size_t n)
{
	size_t		 i = 0, start = 0;
	int		 bad = 0;
	const char	*end, *close, *paren;

	while (i < n) {
		if (s[i] == '`' && (end = memchr(s + i + 1, '`', n - i - 1))) {
			bad |= md_escape(out, s + start, i - start);
			bad |= buf_puts(out, "<code>");
			bad |= md_escape(out, s + i + 1, (size_t)(end - s - i - 1));
			bad |= buf_puts(out, "</code>");
			i = start = (size_t)(end - s) + 1;
		} else if (s[i] == '*' && i + 1 < n && s[i + 1] == '*' &&
		    i + 2 < n && (end = memmem(s + i + 2, n - i - 2, "**", 2))) {
			bad |= md_escape(out, s + start, i - start);
			bad |= buf_puts(out, "<strong>");
			bad |= md_escape(out, s + i + 2, (size_t)(end - s - i - 2));
			bad |= buf_puts(out, "</strong>");
			i = start = (size_t)(end - s) + 2;
		} else if (s[i] == '[' &&
		    (close = memchr(s + i, ']', n - i)) != NULL &&
		    (size_t)(close - s) + 1 < n && close[1] == '(' &&
		    (paren = memchr(close, ')', n - (size_t)(close - s))) != NULL &&
		    link_ok(close + 2, (size_t)(paren - close - 2))) {
			bad |= md_escape(out, s + start, i - start);
			bad |= buf_puts(out, "<a href=\"");
			bad |= md_escape(out, close + 2, (size_t)(paren - close - 2));
			bad |= buf_puts(out, "\">");
			bad |= md_escape(out, s + i + 1, (size_t)(close - s - i - 1));
			bad |= buf_puts(out, "</a>");
			i = start = (size_t)(paren - s) + 1;
		} else
			i++;
	}
	bad |= md_escape(out, s + start, n - start);
	return bad;
}

int
md_render(const char *src, size_t len, struct buf *out)
{
	const char	*p = src, *end = src + len, *nl;
	struct buf	 para = BUF_INIT;
	int		 in_list = 0, level, bad = 0;
	size_t		 n, i, hashes;

#define FLUSH_PARA() do {						\
	if (para.len) {							\
		bad |= buf_puts(out, "<p>");					\
		bad |= inline_run(out, para.p, para.len);			\
		bad |= buf_puts(out, "</p>\n");				\
		buf_reset(&para);					\
	}								\
} while (0)
#define CLOSE_LIST() do {						\
	if (in_list) {							\
		bad |= buf_puts(out, "</ul>\n");				\
		in_list = 0;						\
	}								\
} while (0)

	while (p < end) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		n = (size_t)(nl - p);
		if (n && p[n - 1] == '\r')
			n--;
		if (n == 0) {
			FLUSH_PARA();
			CLOSE_LIST();
		} else if (p[0] == '#') {
			FLUSH_PARA();
			CLOSE_LIST();
			for (hashes = 0; hashes < n && p[hashes] == '#'; hashes++)
				;
			level = hashes > 3 ? 3 : (int)hashes;
			for (i = hashes; i < n && p[i] == ' '; i++)
				;
			bad |= buf_printf(out, "<h%d>", level);
			bad |= inline_run(out, p + i, n - i);
			bad |= buf_printf(out, "</h%d>\n", level);
		} else if (n >= 2 && p[0] == '-' && p[1] == ' ') {
			FLUSH_PARA();
			if (!in_list) {
				bad |= buf_puts(out, "<ul>\n");
				in_list = 1;
			}
			bad |= buf_puts(out, "<li>");
			bad |= inline_run(out, p + 2, n - 2);
			bad |= buf_puts(out, "</li>\n");
		} else if (in_list && (p[0] == ' ' || p[0] == '\t')) {
			/* A continuation line of the last list item. */
			if (out->len >= 6 &&
			    strcmp(out->p + out->len - 6, "</li>\n") == 0) {
				out->len -= 6;
				bad |= buf_puts(out, " ");
				while (n && (*p == ' ' || *p == '\t')) {
					p++;
					n--;
				}
				bad |= inline_run(out, p, n);
				bad |= buf_puts(out, "</li>\n");
			}
		} else {
			CLOSE_LIST();
			if (para.len)
				bad |= buf_puts(&para, " ");
			bad |= buf_append(&para, p, n);
		}
		p = nl < end ? nl + 1 : end;
	}
	FLUSH_PARA();
	CLOSE_LIST();
	buf_free(&para);
#undef FLUSH_PARA
#undef CLOSE_LIST
	return bad ? -1 : 0;
}
