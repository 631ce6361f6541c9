/* page-brand.c: an agency's own look, from the config (issue 15): its name
 * in the header and titles, its logo (/brand/logo) and its accent colour
 * (/brand.css, after style.css). Read once at start; the pages never
 * read a file a request names. The Upwork attribution is in layout.tpl,
 * which no override may replace, and no colour is set on it here. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "conf.h"
#include "page.h"
#include "req.h"
#include "tpl.h"

#define LOGO_MAX	(256 * 1024)

static struct buf	 logo = BUF_INIT;
static const char	*logo_type;
static struct buf	 css = BUF_INIT;

static int
logo_load(const char *path)
{
	struct stat	 st;
	char		 chunk[8192];
	ssize_t		 n;
	int		 fd;

	if ((logo_type = conf_logo_type(path)) == NULL)
		return -1;	/* conf_check said so already */
	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) == -1) {
		fprintf(stderr, "brand_logo %s: %s\n", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode) ||
	    st.st_size > LOGO_MAX || st.st_size == 0) {
		fprintf(stderr, "brand_logo %s: not a regular file of 1 byte "
		    "to %d KiB\n", path, LOGO_MAX / 1024);
		close(fd);
		return -1;
	}
	while ((n = read(fd, chunk, sizeof(chunk))) > 0)
		if (buf_append(&logo, chunk, (size_t)n) == -1)
			break;
	close(fd);
	if (n != 0 || logo.len != (size_t)st.st_size) {
		fprintf(stderr, "brand_logo %s: read failed\n", path);
		return -1;
	}
	return 0;
}

int
page_brand_load(const struct conf *c)
{
	buf_free(&logo);
	buf_free(&css);
	logo_type = NULL;
	if (c->brand_logo != NULL && logo_load(c->brand_logo) == -1)
		return -1;
	/* The same colour in both themes: the agency picked it. */
	if (c->brand_accent != NULL && buf_printf(&css, ":root{--accent:%s;"
	    "--accent-hover:%s}\n@media (prefers-color-scheme: dark){:root{"
	    "--accent:%s;--accent-hover:%s}}\n", c->brand_accent,
	    c->brand_accent, c->brand_accent, c->brand_accent) == -1)
		return -1;
	return 0;
}

void
page_brand_unload(void)
{
	buf_free(&logo);
	buf_free(&css);
}

void
page_brand_fill(const struct req *r, struct tpl_dict *d)
{
	tpl_set(d, "BRAND_NAME", r->conf->brand_name ? r->conf->brand_name :
	    "Workdesk");
	tpl_set(d, "BRAND_LOGO", logo.len ? "/brand/logo" : "/static/logo.svg");
	if (css.len)
		tpl_show(d, "BRAND_CSS");
}

static int
serve(struct req *r, const struct buf *b, const char *type)
{
	if (b->len == 0)
		return page_status(r, 404);
	buf_reset(&r->body);
	if (buf_append(&r->body, b->p, b->len) == -1)
		return 500;
	r->content_type = type;
	return 200;
}

int
page_brand_logo(struct req *r)
{
	return serve(r, &logo, logo_type);
}

int
page_brand_css(struct req *r)
{
	return serve(r, &css, "text/css; charset=utf-8");
}
