/* fuzz-md: the HTML escaper and the small Markdown renderer whose output
 * the templates print unescaped (security bar I7).
 *
 * Properties: md_escape's output holds none of < > " ' and every & starts
 * one of the five entities it writes; md_render emits only its own tags
 * (p, h1-h3, ul, li, code, strong, a href) and every href is https://,
 * a local path ("/" not followed by "/" or "\") or "#"; no "javascript:"
 * or event handler can appear inside a tag. Both outputs are valid UTF-8
 * when the input is. */
#include "fuzz.h"
#include "md.h"
#include "req.h"

int	 LLVMFuzzerTestOneInput(const uint8_t *data, size_t n);

static const char *const entities[] = {
	"&amp;", "&lt;", "&gt;", "&quot;", "&#39;",
};

static int
entity_at(const char *p)
{
	size_t	 i;

	for (i = 0; i < sizeof(entities) / sizeof(entities[0]); i++)
		if (strncmp(p, entities[i], strlen(entities[i])) == 0)
			return 1;
	return 0;
}

static const char *const tags[] = {
	"<p>", "</p>", "<h1>", "</h1>", "<h2>", "</h2>", "<h3>", "</h3>",
	"<ul>", "</ul>", "<li>", "</li>", "<code>", "</code>", "<strong>",
	"</strong>", "</a>",
};

/* The tag at p (which is '<'): its length, or 0 when not one of ours. */
static size_t
tag_at(const char *p)
{
	const char	*url, *q;
	size_t		 i;

	for (i = 0; i < sizeof(tags) / sizeof(tags[0]); i++)
		if (strncmp(p, tags[i], strlen(tags[i])) == 0)
			return strlen(tags[i]);
	if (strncmp(p, "<a href=\"", 9) != 0)
		return 0;
	url = p + 9;
	if ((q = strstr(url, "\">")) == NULL)
		return 0;
	FUZZ_MUST(memchr(url, '<', (size_t)(q - url)) == NULL);
	FUZZ_MUST(memchr(url, '"', (size_t)(q - url)) == NULL);
	FUZZ_MUST(strncmp(url, "https://", 8) == 0 || url[0] == '#' ||
	    (url[0] == '/' && url[1] != '/' && url[1] != '\\'));
	return (size_t)(q + 2 - p);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	struct buf	 out = BUF_INIT;
	const char	*p;
	size_t		 k;
	int		 valid = req_utf8_valid(data, n);

	FUZZ_MUST(md_escape(&out, (const char *)data, n) == 0);
	for (p = out.p; p != NULL && p < out.p + out.len; p++) {
		FUZZ_MUST(*p != '<' && *p != '>' && *p != '"' && *p != '\'');
		if (*p == '&')
			FUZZ_MUST(entity_at(p));
	}
	if (valid && out.len)
		FUZZ_MUST(req_utf8_valid((unsigned char *)out.p, out.len));
	buf_free(&out);

	if (memchr(data, '\0', n) != NULL)
		return 0;	/* documents are text */
	FUZZ_MUST(md_render((const char *)data, n, &out) == 0);
	for (p = out.p; p != NULL && p < out.p + out.len; p++) {
		if (*p == '<') {
			k = tag_at(p);
			FUZZ_MUST(k > 0);
			p += k - 1;
		} else {
			FUZZ_MUST(*p != '>' && *p != '"');
			if (*p == '&')
				FUZZ_MUST(entity_at(p));
		}
	}
	if (valid && out.len)
		FUZZ_MUST(req_utf8_valid((unsigned char *)out.p, out.len));
	buf_free(&out);
	return 0;
}
