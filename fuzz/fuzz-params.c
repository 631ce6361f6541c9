/* fuzz-params: a whole request as the FastCGI side hands it over: the
 * parameters (NAME=value entries, each ended by a NUL byte) up to an empty
 * entry, then the body. CONTENT_LENGTH is checked the way the server's
 * body read checks it (security bar I1) before req_parse sees the body.
 * Then the response side: values from the request go into Location and
 * custom headers, as redirects and downloads do, and the response is
 * serialised.
 *
 * Properties: req_parse answers 0, 400, 413, 415 or 500; on 0 the path
 * starts with '/', is valid UTF-8 and has no "." or ".." segment and no
 * backslash. A redirect is 303 only for a local path. In the serialised
 * head every line ends in CR LF and no header carries a bare CR, LF or
 * NUL from the request (I5). A CONTENT_LENGTH that passes holds digits
 * only and is at most REQ_BODY_MAX. */
#include "fuzz.h"
#include "req.h"
#include "sodium.h"

int	 LLVMFuzzerTestOneInput(const uint8_t *data, size_t n);
int	 LLVMFuzzerInitialize(int *argc, char ***argv);

#define ENV_MAX	64

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if (sodium_init() < 0)
		abort();
	return 0;
}

/* Every "Name: value\r\n" line of head[0..n) is whole: no bare CR or LF. */
static void
check_head(const char *head, size_t n)
{
	size_t	 i;

	FUZZ_MUST(n >= 2 && head[n - 2] == '\r' && head[n - 1] == '\n');
	for (i = 0; i < n; i++) {
		FUZZ_MUST(head[i] != '\0');
		if (head[i] == '\r')
			FUZZ_MUST(i + 1 < n && head[i + 1] == '\n');
		if (head[i] == '\n')
			FUZZ_MUST(i > 0 && head[i - 1] == '\r');
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	struct req	 r;
	struct buf	 out = BUF_INIT;
	char		*env[ENV_MAX + 1];
	const char	*cl, *v, *end;
	size_t		 nenv = 0, i, len;
	int		 rc, st;

	while (nenv < ENV_MAX && n > 0) {
		env[nenv] = fuzz_take(&data, &n, '\0');
		if (env[nenv][0] == '\0') {
			free(env[nenv]);
			break;
		}
		nenv++;
	}
	env[nenv] = NULL;

	cl = req_env(env, "CONTENT_LENGTH");
	rc = req_parse_content_length(cl, REQ_BODY_MAX, &len);
	FUZZ_MUST(rc == 0 || rc == 400 || rc == 413);
	if (rc == 0) {
		FUZZ_MUST(len <= REQ_BODY_MAX);
		for (v = cl; v != NULL && *v != '\0'; v++)
			FUZZ_MUST(*v >= '0' && *v <= '9');
	}

	memset(&r, 0, sizeof(r));
	rc = req_parse(&r, env, (const char *)data, n);
	FUZZ_MUST(rc == 0 || rc == 400 || rc == 413 || rc == 415 || rc == 500);
	if (rc == 0) {
		FUZZ_MUST(r.path != NULL && r.path[0] == '/');
		FUZZ_MUST(req_utf8_valid((unsigned char *)r.path,
		    strlen(r.path)));
		FUZZ_MUST(strchr(r.path, '\\') == NULL);
		FUZZ_MUST(strstr(r.path, "/../") == NULL &&
		    strstr(r.path, "/./") == NULL);
		len = strlen(r.path);
		FUZZ_MUST(!(len >= 2 && strcmp(r.path + len - 2, "/.") == 0));
		FUZZ_MUST(!(len >= 3 && strcmp(r.path + len - 3, "/..") == 0));

		/* What the handlers put back into headers. */
		st = req_redirect(&r, r.path);
		FUZZ_MUST(st == 303 || st == 500);
		if (st == 303)
			FUZZ_MUST(r.path[1] != '/' && r.path[1] != '\\');
		for (i = 0; i < r.query.n; i++)
			req_header(&r, "X-Fuzz", r.query.v[i].val);
		for (i = 0; i < r.cookies.n; i++)
			req_cookie(&r, "__Host-fuzz", r.cookies.v[i].val, 60);
		if ((v = req_env(env, "HTTP_REFERER")) != NULL)
			req_redirect_external(&r, v);
		r.status = 200;
		FUZZ_MUST(req_serialize(&r, &out) == 0);
		end = memmem(out.p, out.len, "\r\n\r\n", 4);
		FUZZ_MUST(end != NULL);
		check_head(out.p, (size_t)(end - out.p) + 2);
		buf_free(&out);
	}
	req_free(&r);
	for (i = 0; i < nenv; i++)
		free(env[i]);
	return 0;
}
