/* page-privacy.c: /privacy, PRIVACY.md rendered once at start-up. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "md.h"
#include "page.h"
#include "req.h"

/* Read-only after page_privacy_load, which runs before the threads. */
static char	*policy_html;

int
page_privacy_load(const char *path)
{
	struct buf	 src = BUF_INIT, html = BUF_INIT;
	char		 chunk[4096];
	ssize_t		 n;
	int		 fd;

	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) == -1) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return -1;
	}
	while ((n = read(fd, chunk, sizeof(chunk))) > 0)
		if (buf_append(&src, chunk, (size_t)n) == -1 ||
		    src.len > 256 * 1024) {
			n = -1;
			break;
		}
	close(fd);
	if (n == -1 || md_render(src.p ? src.p : "", src.len, &html) == -1) {
		fprintf(stderr, "%s: cannot read or render\n", path);
		buf_free(&src);
		buf_free(&html);
		return -1;
	}
	buf_free(&src);
	free(policy_html);
	policy_html = buf_steal(&html);
	return policy_html ? 0 : -1;
}

void
page_privacy_unload(void)
{
	free(policy_html);
	policy_html = NULL;
}

int
page_privacy(struct req *r)
{
	struct tpl_dict	*d, *b;

	if ((d = page_begin(r, "Privacy policy", TPL_PRIVACY, &b, 0)) == NULL)
		return 500;
	tpl_set(b, "POLICY_HTML", policy_html);
	return page_end(r, d, 200);
}
