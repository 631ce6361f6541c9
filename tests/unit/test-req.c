/* test-req.c: request parsing and the response writer (req.c):
 * percent-decoding and UTF-8 (security bar I4), urlencoded pairs, cookies,
 * CONTENT_LENGTH (I1), req_parse on a fake FastCGI environment, and the
 * header, cookie, redirect and serialisation rules (I5). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto.h"
#include "req.h"
#include "t.h"

/* Decode the NUL-terminated s; the decoded string in *out (caller frees). */
static int
dec(const char *s, int plus_space, char **out)
{
	return req_pct_decode(s, strlen(s), plus_space, out);
}

/* req_pct_decode(s) must succeed and give want. */
static void
dec_ok(const char *s, int plus_space, const char *want)
{
	char	*out = NULL;
	int	 rc = dec(s, plus_space, &out);

	T_OK(rc == 0 && out != NULL && strcmp(out, want) == 0,
	    "decode \"%s\": rc %d, got \"%s\", want \"%s\"", s, rc,
	    out ? out : "(null)", want);
	free(out);
}

/* req_pct_decode(s) must refuse it and leave *out NULL. */
static void
dec_bad(const char *s, const char *why)
{
	char	*out = (char *)"sentinel";
	int	 rc = dec(s, 1, &out);

	T_OK(rc == -1 && out == NULL, "decode \"%s\" (%s): rc %d, want -1 "
	    "and NULL out", s, why, rc);
	if (rc == 0)
		free(out);
}

static int
utf8(const char *s)
{
	return req_utf8_valid((const unsigned char *)s, strlen(s));
}

static void
test_pct_decode(void)
{
	char	*out = NULL;

	dec_ok("abc", 0, "abc");
	dec_ok("", 0, "");
	dec_ok("a%20b", 0, "a b");
	dec_ok("%2f%2F%41%61", 0, "//Aa");
	dec_ok("%7e%7E", 0, "~~");
	dec_ok("a+b", 1, "a b");
	dec_ok("a+b", 0, "a+b");
	dec_ok("a%2Bb", 1, "a+b");	/* an escaped '+' stays a '+' */
	dec_ok("%25", 0, "%");		/* decoded once: "%" is not re-read */
	dec_ok("%2525", 0, "%25");

	dec_bad("%", "lone %");
	dec_bad("a%", "% at the end");
	dec_bad("%4", "one hex digit");
	dec_bad("a%4", "one hex digit at the end");
	dec_bad("%zz", "not hex");
	dec_bad("%0g", "second digit not hex");
	dec_bad("%g0", "first digit not hex");
	dec_bad("% 41", "space inside the escape");
	dec_bad("%00", "decoded NUL");
	dec_bad("a%00b", "decoded NUL in the middle");

	/* A raw NUL inside the given length is refused too. */
	out = (char *)"sentinel";
	T_EQ_INT(req_pct_decode("a\0b", 3, 0, &out), -1, "raw NUL refused");
	T_OK(out == NULL, "raw NUL: out stays NULL");

	/* UTF-8 after decoding: valid 2, 3 and 4 byte forms ... */
	dec_ok("%C3%A9", 0, "\xc3\xa9");
	dec_ok("%c3%a9", 0, "\xc3\xa9");
	dec_ok("%E2%82%AC", 0, "\xe2\x82\xac");
	dec_ok("%F0%9F%98%80", 0, "\xf0\x9f\x98\x80");
	dec_ok("%F4%8F%BF%BF", 0, "\xf4\x8f\xbf\xbf");	/* U+10FFFF */
	dec_ok("caf\xc3\xa9", 0, "caf\xc3\xa9");	/* raw UTF-8 is fine */
	/* ... and every malformed one refused. */
	dec_bad("%C0%AE", "overlong '.' (2 bytes)");
	dec_bad("%C1%BF", "overlong 2-byte lead C1");
	dec_bad("%E0%80%AF", "overlong '/' (3 bytes)");
	dec_bad("%F0%80%80%AF", "overlong '/' (4 bytes)");
	dec_bad("%ED%A0%80", "surrogate U+D800");
	dec_bad("%ED%BF%BF", "surrogate U+DFFF");
	dec_bad("%F4%90%80%80", "U+110000");
	dec_bad("%F5%80%80%80", "lead byte F5");
	dec_bad("%FF", "byte FF");
	dec_bad("%80", "lone continuation byte");
	dec_bad("%C3", "truncated 2-byte");
	dec_bad("%E2%82", "truncated 3-byte");
	dec_bad("%F0%9F%98", "truncated 4-byte");
	dec_bad("%C3A", "lead then ASCII");
	dec_bad("caf\xc3", "raw truncated sequence");
	dec_bad("\xff", "raw FF");
}

static void
test_utf8_valid(void)
{
	T_EQ_INT(req_utf8_valid((const unsigned char *)"", 0), 1, "empty");
	T_EQ_INT(utf8("plain ascii"), 1, "ascii");
	T_EQ_INT(utf8("\xc2\x80"), 1, "U+0080, smallest 2-byte");
	T_EQ_INT(utf8("\xdf\xbf"), 1, "U+07FF");
	T_EQ_INT(utf8("\xe0\xa0\x80"), 1, "U+0800, smallest 3-byte");
	T_EQ_INT(utf8("\xed\x9f\xbf"), 1, "U+D7FF, just below surrogates");
	T_EQ_INT(utf8("\xee\x80\x80"), 1, "U+E000, just above surrogates");
	T_EQ_INT(utf8("\xef\xbf\xbf"), 1, "U+FFFF");
	T_EQ_INT(utf8("\xf0\x90\x80\x80"), 1, "U+10000, smallest 4-byte");
	T_EQ_INT(utf8("\xf4\x8f\xbf\xbf"), 1, "U+10FFFF");
	T_EQ_INT(utf8("\xc0\x80"), 0, "overlong NUL");
	T_EQ_INT(utf8("\xe0\x9f\xbf"), 0, "overlong 3-byte U+07FF");
	T_EQ_INT(utf8("\xf0\x8f\xbf\xbf"), 0, "overlong 4-byte U+FFFF");
	T_EQ_INT(utf8("\xed\xa0\x80"), 0, "surrogate D800");
	T_EQ_INT(utf8("\xf4\x90\x80\x80"), 0, "U+110000");
	T_EQ_INT(utf8("\xf8\x88\x80\x80\x80"), 0, "5-byte form");
	T_EQ_INT(utf8("\xc2\x7f"), 0, "bad continuation");
	T_EQ_INT(utf8("\xe2\x82"), 0, "truncated at the end");
	T_EQ_INT(utf8("a\xbf"), 0, "stray continuation");
	/* The length is honoured: the byte after len is never read. */
	T_EQ_INT(req_utf8_valid((const unsigned char *)"\xc3\xa9", 1), 0,
	    "sequence cut by len");
}

static void
test_urlencoded(void)
{
	struct kvlist	 l = { NULL, 0 };
	char		 big[REQ_PARAMS_MAX * 8 + 16];
	size_t		 n, i;
	int		 rc;

#define PARSE(s) req_parse_urlencoded((s), strlen(s), &l)
	T_EQ_INT(PARSE("a=1&b=x+y&c=%C3%A9"), 0, "pairs");
	T_EQ_INT(l.n, 3, "three pairs");
	T_EQ_STR(kv_get(&l, "a"), "1", "a");
	T_EQ_STR(kv_get(&l, "b"), "x y", "b, + is a space in forms");
	T_EQ_STR(kv_get(&l, "c"), "\xc3\xa9", "c decoded");
	T_OK(kv_get(&l, "d") == NULL, "absent key is NULL");

	T_EQ_INT(PARSE("&&a=1&&&b=2&"), 0, "empty pairs skipped");
	T_EQ_INT(l.n, 2, "two pairs after skipping empties");

	T_EQ_INT(PARSE("flag&x=1"), 0, "key without =");
	T_EQ_STR(kv_get(&l, "flag"), "", "key without = gets \"\"");
	T_EQ_INT(PARSE("k=a=b"), 0, "= inside the value");
	T_EQ_STR(kv_get(&l, "k"), "a=b", "value keeps its =");
	T_EQ_INT(PARSE("k="), 0, "empty value");
	T_EQ_STR(kv_get(&l, "k"), "", "empty value is \"\"");

	T_EQ_INT(PARSE("=v"), 400, "empty key");
	T_EQ_INT(PARSE("a=1&=v"), 400, "empty key after a good pair");
	T_EQ_INT(PARSE("%2B%2b=1"), 0, "escaped key");
	T_EQ_STR(kv_get(&l, "++"), "1", "key decoded");

	T_EQ_INT(PARSE("x=1&y=2&x=3"), 0, "duplicate keys");
	T_EQ_INT(l.n, 3, "duplicates all kept");
	T_EQ_STR(l.v[0].key, "x", "order kept 0");
	T_EQ_STR(l.v[1].key, "y", "order kept 1");
	T_EQ_STR(l.v[2].val, "3", "order kept 2");
	T_EQ_STR(kv_get(&l, "x"), "1", "kv_get returns the first");

	T_EQ_INT(PARSE("a=%zz"), 400, "bad escape in a value");
	T_EQ_INT(PARSE("%4=1"), 400, "bad escape in a key");
	T_EQ_INT(PARSE("a=%00"), 400, "NUL in a value");
	T_EQ_INT(PARSE("a=%C0%AE"), 400, "overlong in a value");

	/* Exactly REQ_PARAMS_MAX pairs pass, one more is 413. */
	for (n = 0, i = 0; i < REQ_PARAMS_MAX; i++)
		n += (size_t)snprintf(big + n, sizeof(big) - n, "%sk=%zu",
		    i ? "&" : "", i);
	rc = req_parse_urlencoded(big, n, &l);
	T_EQ_INT(rc, 0, "REQ_PARAMS_MAX pairs");
	T_EQ_INT(l.n, REQ_PARAMS_MAX, "all REQ_PARAMS_MAX pairs kept");
	snprintf(big + n, sizeof(big) - n, "&k=last");
	rc = req_parse_urlencoded(big, strlen(big), &l);
	T_EQ_INT(rc, 413, "REQ_PARAMS_MAX + 1 pairs");

	/* The list is emptied first: a parse starts from nothing. */
	T_EQ_INT(PARSE("only=1"), 0, "reparse");
	T_EQ_INT(l.n, 1, "list emptied before parsing");
	T_EQ_INT(PARSE(""), 0, "empty input");
	T_EQ_INT(l.n, 0, "empty input gives no pairs");
	/* len is honoured: nothing past it is parsed. */
	T_EQ_INT(req_parse_urlencoded("a=1&b=2", 3, &l), 0, "len honoured");
	T_OK(l.n == 1 && kv_get(&l, "b") == NULL, "bytes past len unread");
	kvlist_free(&l);
#undef PARSE
}

static void
test_cookies(void)
{
	struct kvlist	 l = { NULL, 0 };
	char		 big[REQ_COOKIES_MAX * 16 + 32];
	size_t		 n = 0, i;

	T_EQ_INT(req_parse_cookies("a=1; b = 2 ;\tc=3", &l), 0, "spaces");
	T_EQ_INT(l.n, 3, "three cookies");
	T_EQ_STR(kv_get(&l, "a"), "1", "a");
	T_EQ_STR(kv_get(&l, "b"), "2", "spaces around = and ; trimmed");
	T_EQ_STR(kv_get(&l, "c"), "3", "tab trimmed");

	T_EQ_INT(req_parse_cookies("q=\"quoted value\"; e=\"\"; h=\"", &l), 0,
	    "quoted");
	T_EQ_STR(kv_get(&l, "q"), "quoted value", "quotes removed");
	T_EQ_STR(kv_get(&l, "e"), "", "empty quoted value");
	T_EQ_STR(kv_get(&l, "h"), "\"", "a lone quote is kept as is");

	T_EQ_INT(req_parse_cookies("junk; =v; x=%41; ;;", &l), 0, "malformed");
	T_EQ_INT(l.n, 1, "pairs without = or name skipped");
	T_EQ_STR(kv_get(&l, "x"), "%41", "values are not decoded");

	T_EQ_INT(req_parse_cookies("__Host-sid=first; __Host-sid=second", &l),
	    0, "duplicate");
	T_EQ_INT(l.n, 1, "one entry for a repeated name");
	T_EQ_STR(kv_get(&l, "__Host-sid"), "first", "first one wins");

	T_EQ_INT(req_parse_cookies(NULL, &l), 0, "NULL header");
	T_EQ_INT(l.n, 0, "NULL header: no cookies");
	T_EQ_INT(req_parse_cookies("", &l), 0, "empty header");
	T_EQ_INT(l.n, 0, "empty header: no cookies");

	for (i = 0; i < REQ_COOKIES_MAX + 5; i++)
		n += (size_t)snprintf(big + n, sizeof(big) - n, "c%zu=%zu; ",
		    i, i);
	T_EQ_INT(req_parse_cookies(big, &l), 0, "too many cookies");
	T_EQ_INT(l.n, REQ_COOKIES_MAX, "capped at REQ_COOKIES_MAX");
	T_EQ_STR(kv_get(&l, "c0"), "0", "first kept");
	T_EQ_STR(kv_get(&l, "c63"), "63", "last under the cap kept");
	T_OK(kv_get(&l, "c64") == NULL, "cookie over the cap dropped");
	kvlist_free(&l);
}

static void
test_content_length(void)
{
	size_t	 v;

#define CL(s, max) req_parse_content_length((s), (max), &v)
	v = 7;
	T_EQ_INT(CL(NULL, 65536), 0, "NULL");
	T_EQ_INT(v, 0, "NULL is 0");
	v = 7;
	T_EQ_INT(CL("", 65536), 0, "empty");
	T_EQ_INT(v, 0, "empty is 0");
	T_EQ_INT(CL("0", 65536), 0, "0");
	T_EQ_INT(v, 0, "0 value");
	T_EQ_INT(CL("65536", 65536), 0, "at max");
	T_EQ_INT(v, 65536, "at max value");
	T_EQ_INT(CL("00012", 65536), 0, "leading zeros are digits");
	T_EQ_INT(v, 12, "leading zeros value");
	T_EQ_INT(CL("65537", 65536), 413, "max + 1");
	T_EQ_INT(CL("-1", 65536), 400, "minus sign");
	T_EQ_INT(CL("+1", 65536), 400, "plus sign");
	T_EQ_INT(CL("12abc", 65536), 400, "trailing letters");
	T_EQ_INT(CL(" 1", 65536), 400, "leading space");
	T_EQ_INT(CL("1 ", 65536), 400, "trailing space");
	T_EQ_INT(CL("0x10", 65536), 400, "hex");
	T_EQ_INT(CL("18446744073709551615", 65536), 413, "SIZE_MAX");
	T_EQ_INT(CL("18446744073709551616", 65536), 413, "SIZE_MAX + 1");
	T_EQ_INT(CL("1234567890123456789012345678901234567890", 65536), 413,
	    "40 digits");
	T_EQ_INT(CL("18446744073709551616", (size_t)-1), 413,
	    "overflow caught even when max is SIZE_MAX");
	T_EQ_INT(v, 0, "*out is 0 after an error");
#undef CL
}

/* A fresh request parsed from env and body; the caller frees it. */
static int
parse(struct req *r, char **env, const char *body)
{
	memset(r, 0, sizeof(*r));
	return req_parse(r, env, body, body ? strlen(body) : 0);
}

static int
is_hex16(const char *s)
{
	size_t	 i;

	for (i = 0; i < 16; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return s[16] == '\0';
}

/* Status req_parse gives for GET of uri. */
static int
get_status(const char *uri)
{
	char		 line[512];
	char		*env[] = { "REQUEST_METHOD=GET", line, NULL };
	struct req	 r;
	int		 rc;

	snprintf(line, sizeof(line), "REQUEST_URI=%s", uri);
	rc = parse(&r, env, NULL);
	req_free(&r);
	return rc;
}

static void
test_parse(void)
{
	struct req	 r, r2;
	char		*get[] = { "REQUEST_METHOD=GET",
	    "REQUEST_URI=/a%20b?x=1&y=%C3%A9+z", "HTTP_ORIGIN=https://wd.example",
	    "HTTP_COOKIE=__Host-sid=abc; other=1", "REMOTE_ADDR=127.0.0.1",
	    "HTTP_SEC_FETCH_SITE=same-origin", NULL };
	char		*nouri[] = { "REQUEST_METHOD=GET", NULL };
	char		*nometh[] = { "REQUEST_URI=/", NULL };
	char		*post[] = { "REQUEST_METHOD=POST", "REQUEST_URI=/save",
	    "CONTENT_TYPE=application/x-www-form-urlencoded; charset=UTF-8",
	    NULL };
	char		*postuc[] = { "REQUEST_METHOD=POST", "REQUEST_URI=/save",
	    "CONTENT_TYPE=Application/X-WWW-Form-Urlencoded", NULL };
	char		*json[] = { "REQUEST_METHOD=POST", "REQUEST_URI=/save",
	    "CONTENT_TYPE=application/json", NULL };
	char		*longer[] = { "REQUEST_METHOD=POST", "REQUEST_URI=/save",
	    "CONTENT_TYPE=application/x-www-form-urlencodedX", NULL };
	char		*noct[] = { "REQUEST_METHOD=POST", "REQUEST_URI=/save",
	    NULL };
	char		*getct[] = { "REQUEST_METHOD=GET", "REQUEST_URI=/save",
	    "CONTENT_TYPE=application/x-www-form-urlencoded", NULL };
	char		*head[] = { "REQUEST_METHOD=HEAD", "REQUEST_URI=/", NULL };
	char		*del[] = { "REQUEST_METHOD=DELETE", "REQUEST_URI=/", NULL };
	char		*prefix[] = { "REQUEST_METHOD=GET",
	    "REQUEST_URI_X=/wrong", "REQUEST_URI=/right", NULL };

	T_EQ_INT(parse(&r, get, NULL), 0, "GET parses");
	T_EQ_INT(r.method, METHOD_GET, "GET method");
	T_EQ_STR(r.path, "/a b", "path decoded");
	T_EQ_INT(r.query.n, 2, "query pairs");
	T_EQ_STR(kv_get(&r.query, "x"), "1", "query x");
	T_EQ_STR(kv_get(&r.query, "y"), "\xc3\xa9 z", "query y decoded");
	T_EQ_STR(kv_get(&r.cookies, "__Host-sid"), "abc", "cookie parsed");
	T_EQ_STR(r.origin, "https://wd.example", "Origin borrowed");
	T_EQ_STR(r.sec_fetch_site, "same-origin", "Sec-Fetch-Site");
	T_EQ_STR(r.remote_addr, "127.0.0.1", "REMOTE_ADDR");
	T_OK(r.referer == NULL, "absent Referer is NULL");
	T_OK(is_hex16(r.id), "request id is 16 hex digits: \"%s\"", r.id);
	T_EQ_INT(r.status, 200, "status defaults to 200");
	T_EQ_INT(parse(&r2, get, NULL), 0, "second parse");
	T_OK(strcmp(r.id, r2.id) != 0, "request ids differ");
	req_free(&r);
	req_free(&r2);

	T_EQ_INT(parse(&r, prefix, NULL), 0, "env lookup by exact name");
	T_EQ_STR(r.path, "/right", "REQUEST_URI_X is not REQUEST_URI");
	req_free(&r);

	T_EQ_INT(get_status("/a+b"), 0, "+ in path");
	{
		char *env[] = { "REQUEST_METHOD=GET", "REQUEST_URI=/a+b", NULL };
		parse(&r, env, NULL);
		T_EQ_STR(r.path, "/a+b", "+ in a path is not a space");
		req_free(&r);
	}

	/* Traversal and other path tricks. */
	T_EQ_INT(get_status("/a/../b"), 400, "/../");
	T_EQ_INT(get_status("/a/./b"), 400, "/./");
	T_EQ_INT(get_status("/a\\b"), 400, "backslash");
	T_EQ_INT(get_status("/a%5cb"), 400, "escaped backslash");
	T_EQ_INT(get_status("/a/%2e%2e%2fb"), 400, "%2e%2e%2f decodes to ../");
	T_EQ_INT(get_status("/%2E%2E/etc"), 400, "upper-case escaped dots");
	T_EQ_INT(get_status("/a/%2e/b"), 400, "escaped single dot");
	/* A dot segment at the end of the path is a dot segment too
	 * (RFC 3986 §3.3); "/a/.." resolves to "/". */
	T_EQ_INT(get_status("/a/.."), 400, "trailing /..");
	T_EQ_INT(get_status("/a/%2e%2e"), 400, "trailing escaped /..");
	T_EQ_INT(get_status("/a/."), 400, "trailing /.");
	T_EQ_INT(get_status("/a..b/c.d"), 0, "dots inside names are fine");
	T_EQ_INT(get_status("/%00"), 400, "NUL in path");
	T_EQ_INT(get_status("/%zz"), 400, "bad escape in path");
	T_EQ_INT(get_status("/%C0%AE%C0%AE/"), 400, "overlong dots in path");
	T_EQ_INT(get_status("/?x=%zz"), 400, "bad escape in query");
	T_EQ_INT(get_status("/?=1"), 400, "empty key in query");
	T_EQ_INT(get_status("http://evil.example/"), 400,
	    "absolute-form URI refused");
	T_EQ_INT(get_status(""), 400, "empty REQUEST_URI");

	T_EQ_INT(parse(&r, nouri, NULL), 400, "missing REQUEST_URI");
	req_free(&r);
	T_EQ_INT(parse(&r, nometh, NULL), 400, "missing REQUEST_METHOD");
	req_free(&r);

	T_EQ_INT(parse(&r, post, "title=a+b&n=%31"), 0, "POST form");
	T_EQ_INT(r.method, METHOD_POST, "POST method");
	T_EQ_STR(kv_get(&r.form, "title"), "a b", "form title");
	T_EQ_STR(kv_get(&r.form, "n"), "1", "form n");
	T_EQ_INT(r.query.n, 0, "no query");
	req_free(&r);
	T_EQ_INT(parse(&r, postuc, "a=1"), 0, "media type case-insensitive");
	T_EQ_STR(kv_get(&r.form, "a"), "1", "form parsed");
	req_free(&r);
	T_EQ_INT(parse(&r, post, "a=%zz"), 400, "bad escape in the body");
	req_free(&r);
	T_EQ_INT(parse(&r, json, "{\"a\":1}"), 415, "JSON body");
	req_free(&r);
	T_EQ_INT(parse(&r, longer, "a=1"), 415, "longer media type");
	req_free(&r);
	T_EQ_INT(parse(&r, noct, "a=1"), 415, "body without Content-Type");
	req_free(&r);
	T_EQ_INT(parse(&r, post, NULL), 0, "POST without a body");
	T_EQ_INT(r.form.n, 0, "empty form");
	req_free(&r);
	T_EQ_INT(parse(&r, getct, "a=1"), 400, "body on GET");
	req_free(&r);
	T_EQ_INT(parse(&r, head, NULL), 0, "HEAD");
	T_EQ_INT(r.method, METHOD_HEAD, "HEAD method");
	req_free(&r);
	T_EQ_INT(parse(&r, del, NULL), 0, "DELETE parses");
	T_EQ_INT(r.method, METHOD_OTHER, "DELETE is METHOD_OTHER");
	req_free(&r);
}

static void
test_headers(void)
{
	struct req	 r;

	memset(&r, 0, sizeof(r));
	T_EQ_INT(req_header(&r, "X-A", "v 1"), 0, "plain header");
	T_EQ_STR(r.headers.p, "X-A: v 1\r\n", "header line");
	T_EQ_INT(req_header(&r, "X-B", "a\r\nSet-Cookie: x=1"), -1, "CRLF value");
	T_EQ_INT(req_header(&r, "X-B", "a\nb"), -1, "LF value");
	T_EQ_INT(req_header(&r, "X-B", "a\rb"), -1, "CR value");
	T_EQ_INT(req_header(&r, "X-B\r\nX-C", "v"), -1, "CRLF name");
	T_EQ_INT(req_header(&r, "X-B\n", "v"), -1, "LF name");
	T_EQ_INT(req_header(&r, "X-B:", "v"), -1, "':' in name");
	T_EQ_STR(r.headers.p, "X-A: v 1\r\n", "refused headers add nothing");
	req_free(&r);

	memset(&r, 0, sizeof(r));
	T_EQ_INT(req_cookie(&r, "__Host-sid", "AZaz09-_", -1), 0, "cookie");
	T_EQ_STR(r.headers.p, "Set-Cookie: __Host-sid=AZaz09-_; Path=/; "
	    "Secure; HttpOnly; SameSite=Lax\r\n", "session cookie text");
	buf_reset(&r.headers);
	T_EQ_INT(req_cookie(&r, "__Host-sid", "abc", 3600), 0, "max-age");
	T_EQ_STR(r.headers.p, "Set-Cookie: __Host-sid=abc; Path=/; Secure; "
	    "HttpOnly; SameSite=Lax; Max-Age=3600\r\n", "cookie with Max-Age");
	buf_reset(&r.headers);
	T_EQ_INT(req_cookie(&r, "__Host-sid", "", 0), 0, "delete");
	T_EQ_STR(r.headers.p, "Set-Cookie: __Host-sid=; Path=/; Secure; "
	    "HttpOnly; SameSite=Lax; Max-Age=0\r\n", "deletion cookie");
	buf_reset(&r.headers);
	T_EQ_INT(req_cookie(&r, "__Host-sid", "a;b", -1), -1, "';' in value");
	T_EQ_INT(req_cookie(&r, "__Host-sid", "a b", -1), -1, "space");
	T_EQ_INT(req_cookie(&r, "__Host-sid", "a=b", -1), -1, "'='");
	T_EQ_INT(req_cookie(&r, "__Host-sid", "a+b/c", -1), -1,
	    "standard base64 is not base64url");
	T_EQ_INT(req_cookie(&r, "__Host-sid", "a\r\nX: y", -1), -1, "CRLF");
	T_EQ_INT(req_cookie(&r, "__Host-sid", "\xc3\xa9", -1), -1, "non-ASCII");
	T_EQ_INT(r.headers.len, 0, "refused cookies add nothing");
	req_free(&r);
}

/* req_redirect(location) must refuse it: 500 and no Location header. */
static void
redirect_bad(const char *location, const char *why)
{
	struct req	 r;
	int		 rc;

	memset(&r, 0, sizeof(r));
	rc = req_redirect(&r, location);
	T_OK(rc == 500 && (r.headers.p == NULL ||
	    strstr(r.headers.p, "Location") == NULL),
	    "redirect to %s (%s): got %d, headers \"%s\"; want 500 and no "
	    "Location", location, why, rc, r.headers.p ? r.headers.p : "");
	req_free(&r);
}

static void
test_redirect(void)
{
	struct req	 r;

	memset(&r, 0, sizeof(r));
	T_EQ_INT(req_redirect(&r, "/x?y=1"), 303, "local redirect");
	T_EQ_STR(r.headers.p, "Location: /x?y=1\r\n", "Location header");
	req_free(&r);
	memset(&r, 0, sizeof(r));
	T_EQ_INT(req_redirect(&r, "/"), 303, "redirect to /");
	req_free(&r);

	redirect_bad("//evil.example", "protocol-relative");
	redirect_bad("/\\evil.example", "backslash");
	redirect_bad("https://evil.example", "absolute URL");
	redirect_bad("javascript:alert(1)", "javascript:");
	redirect_bad("", "empty");
	redirect_bad("evil.example", "relative");
	redirect_bad("/x\r\nSet-Cookie: a=b", "header injection");
	/* Browsers delete tabs and newlines from a URL before parsing it
	 * (WHATWG URL "remove all ASCII tab or newline"), so "/<TAB>/host"
	 * navigates to //host. */
	redirect_bad("/\t/evil.example", "tab between the slashes");
}

static void
test_serialize(void)
{
	struct req	 r;
	struct buf	 out = BUF_INIT;

	memset(&r, 0, sizeof(r));
	r.method = METHOD_GET;
	r.status = 200;
	r.content_type = "text/html; charset=utf-8";
	req_header(&r, "X-A", "1");
	buf_puts(&r.body, "<p>hi</p>");
	T_EQ_INT(req_serialize(&r, &out), 0, "serialize");
	T_EQ_STR(out.p, "Status: 200 OK\r\nContent-Type: text/html; "
	    "charset=utf-8\r\nCache-Control: no-store\r\nX-A: 1\r\n\r\n"
	    "<p>hi</p>", "whole response");

	buf_reset(&out);
	r.method = METHOD_HEAD;
	T_EQ_INT(req_serialize(&r, &out), 0, "serialize HEAD");
	T_EQ_STR(out.p, "Status: 200 OK\r\nContent-Type: text/html; "
	    "charset=utf-8\r\nCache-Control: no-store\r\nX-A: 1\r\n\r\n",
	    "HEAD: headers only");
	T_LACKS(out.p, "<p>hi</p>", "HEAD has no body");

	buf_reset(&out);
	buf_reset(&r.headers);
	buf_reset(&r.body);
	r.method = METHOD_POST;
	r.status = req_redirect(&r, "/done");
	T_EQ_INT(req_serialize(&r, &out), 0, "serialize redirect");
	T_EQ_STR(out.p, "Status: 303 See Other\r\nContent-Type: text/html; "
	    "charset=utf-8\r\nCache-Control: no-store\r\nLocation: /done\r\n"
	    "\r\n", "redirect response");
	buf_free(&out);
	req_free(&r);

	T_EQ_STR(req_status_text(413), "Content Too Large", "413 text");
	T_OK(req_status_text(418) == NULL, "unknown status has no text");
}

int
main(void)
{
	if (crypto_init() == -1) {
		fprintf(stderr, "crypto_init failed\n");
		return 1;
	}
	test_pct_decode();
	test_utf8_valid();
	test_urlencoded();
	test_cookies();
	test_content_length();
	test_parse();
	test_headers();
	test_redirect();
	test_serialize();
	return t_done("test-req");
}
