/* test-md.c: the Markdown subset for PRIVACY.md (md.c): blocks, inline
 * markup, the link allowlist, and escaping of every special character
 * (the template prints this HTML unescaped, so md.c is the one escaper). */
#include <stdlib.h>
#include <string.h>

#include "md.h"
#include "t.h"

/* Render s; the HTML as a new string (caller frees), rc in *rc. */
static char *
render(const char *s, int *rc)
{
	struct buf	 b = BUF_INIT;

	*rc = md_render(s, strlen(s), &b);
	return buf_steal(&b);
}

/* md_render(src) must succeed and give exactly want. */
static void
md_is(const char *src, const char *want, const char *what)
{
	char	*html;
	int	 rc;

	html = render(src, &rc);
	T_OK(rc == 0 && html != NULL && strcmp(html, want) == 0,
	    "%s: rc %d\n  got  \"%s\"\n  want \"%s\"", what, rc,
	    html ? html : "(null)", want);
	free(html);
}

static void
test_blocks(void)
{
	md_is("# One\n## Two\n### Three\n#### Four\n",
	    "<h1>One</h1>\n<h2>Two</h2>\n<h3>Three</h3>\n<h3>Four</h3>\n",
	    "headings, #### clamps to h3");
	md_is("one\ntwo\n\nthree\n", "<p>one two</p>\n<p>three</p>\n",
	    "paragraph lines joined, blank line splits");
	md_is("# T\r\nline\r\n", "<h1>T</h1>\n<p>line</p>\n", "CRLF");
	md_is("intro\n# Head\nafter",
	    "<p>intro</p>\n<h1>Head</h1>\n<p>after</p>\n",
	    "a heading ends a paragraph");
	md_is("- a\n- b\n\npara\n",
	    "<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n<p>para</p>\n", "list");
	md_is("- first\n  goes on\n\tand on\n- second\n",
	    "<ul>\n<li>first goes on and on</li>\n<li>second</li>\n</ul>\n",
	    "list continuation lines");
	md_is("- a\nplain", "<ul>\n<li>a</li>\n</ul>\n<p>plain</p>\n",
	    "an unindented line ends the list");
	md_is("-not a list\n", "<p>-not a list</p>\n", "'-' without space");
	md_is("", "", "empty input");
}

static void
test_inline(void)
{
	md_is("use `a<b>` and **bold** here",
	    "<p>use <code>a&lt;b&gt;</code> and <strong>bold</strong> here</p>\n",
	    "code and bold, code escaped");
	md_is("**open and `open", "<p>**open and `open</p>\n",
	    "unclosed markup stays text");
	md_is("[site](https://wd.example/a?b=1&c=2)",
	    "<p><a href=\"https://wd.example/a?b=1&amp;c=2\">site</a></p>\n",
	    "https link, & escaped in href");
	md_is("[home](/path) and [top](#frag)",
	    "<p><a href=\"/path\">home</a> and <a href=\"#frag\">top</a></p>\n",
	    "local and fragment links");
	/* Found by fuzz-md: "//host" passed as a local link. */
	md_is("[x](//evil.example)", "<p>[x](//evil.example)</p>\n",
	    "protocol-relative link is plain text");
	md_is("[x](/\\evil.example)", "<p>[x](/\\evil.example)</p>\n",
	    "slash-backslash link is plain text");
	md_is("[x](javascript:alert(1))", "<p>[x](javascript:alert(1))</p>\n",
	    "javascript: link is plain text");
	md_is("[x](http://wd.example)", "<p>[x](http://wd.example)</p>\n",
	    "http: link is plain text");
	md_is("[x](https://)", "<p>[x](https://)</p>\n", "bare https:// refused");
	md_is("[x](data:text/html,<b>)",
	    "<p>[x](data:text/html,&lt;b&gt;)</p>\n",
	    "data: link is escaped plain text");
	md_is("[a\"b](https://e.example/\"onmouseover=alert(1))",
	    "<p><a href=\"https://e.example/&quot;onmouseover=alert(1\">a&quot;b"
	    "</a>)</p>\n", "quotes escaped in link text and url");
}

static void
test_escape(void)
{
	struct buf	 b = BUF_INIT;
	char		*html;
	int		 rc;

	md_is("<script>alert('x')</script> & \"q\"",
	    "<p>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; "
	    "&quot;q&quot;</p>\n", "every special character escaped");
	md_is("# <img src=x onerror=alert(1)>",
	    "<h1>&lt;img src=x onerror=alert(1)&gt;</h1>\n", "heading escaped");
	md_is("- <b>&amp;</b>", "<ul>\n<li>&lt;b&gt;&amp;amp;&lt;/b&gt;</li>\n"
	    "</ul>\n", "list item escaped, entities not trusted");
	md_is("**<i>**", "<p><strong>&lt;i&gt;</strong></p>\n", "bold escaped");

	html = render("<script>\n\n- <script>\n# <script>\n`<script>`", &rc);
	T_LACKS(html, "<script", "no raw <script anywhere");
	free(html);

	T_EQ_INT(md_escape(&b, "a<>&\"'z", 7), 0, "md_escape");
	T_EQ_STR(b.p, "a&lt;&gt;&amp;&quot;&#39;z", "md_escape text");
	buf_reset(&b);
	T_EQ_INT(md_escape(&b, "a<b", 1), 0, "md_escape honours n");
	T_EQ_STR(b.p, "a", "only n bytes");
	buf_free(&b);

	/* A document of blank lines is valid and renders to nothing. */
	html = render("\n", &rc);
	T_EQ_INT(rc, 0, "a single blank line renders (rc)");
	T_OK(html != NULL && html[0] == '\0', "to nothing");
	free(html);
	html = render("\r\n\r\n", &rc);
	T_EQ_INT(rc, 0, "CRLF blank lines render (rc)");
	free(html);
}

int
main(void)
{
	test_blocks();
	test_inline();
	test_escape();
	return t_done("test-md");
}
