/* page-doc.c: /privacy and /terms, the documents we ship (PRIVACY.md,
 * TERMS.md), rendered once at start-up. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "md.h"
#include "page.h"
#include "req.h"

static const char *const doc_titles[DOC__MAX] = {
	"Privacy policy",	/* DOC_PRIVACY */
	"User agreement",	/* DOC_TERMS */
};

/* Read-only after page_docs_load, which runs before the threads. */
static char	*doc_html[DOC__MAX];

static char *
render(const char *path)
{
	struct buf	 src = BUF_INIT, html = BUF_INIT;
	char		 chunk[4096];
	ssize_t		 n;
	int		 fd;

	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) == -1) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return NULL;
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
		return NULL;
	}
	buf_free(&src);
	return buf_steal(&html);
}

int
page_docs_load(const char *const paths[DOC__MAX])
{
	char	*html[DOC__MAX];
	int	 i;

	for (i = 0; i < DOC__MAX; i++)
		if ((html[i] = render(paths[i])) == NULL) {
			while (i-- > 0)
				free(html[i]);
			return -1;
		}
	page_docs_unload();
	memcpy(doc_html, html, sizeof(doc_html));
	return 0;
}

void
page_docs_unload(void)
{
	int	 i;

	for (i = 0; i < DOC__MAX; i++) {
		free(doc_html[i]);
		doc_html[i] = NULL;
	}
}

static int
page_doc(struct req *r, enum doc which)
{
	struct tpl_dict	*d, *b;

	if ((d = page_begin(r, doc_titles[which], TPL_DOC, &b, 0)) == NULL)
		return 500;
	tpl_set(b, "DOC_HTML", doc_html[which]);
	return page_end(r, d, 200);
}

int
page_privacy(struct req *r)
{
	return page_doc(r, DOC_PRIVACY);
}

int
page_terms(struct req *r)
{
	return page_doc(r, DOC_TERMS);
}
