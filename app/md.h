/* md.h: the small Markdown subset our own documents use (PRIVACY.md), to HTML. */
#ifndef MD_H
#define MD_H

#include <stddef.h>

#include "buf.h"

/* Render src to HTML, appending to out. Handles headings (#, ##, ###),
 * paragraphs, "- " lists, `code`, **bold** and [text](url) links whose url
 * is https:// or starts with '/' or '#'. Every text run is HTML-escaped
 * here, which is what lets the template print the result unescaped.
 * 0 or -1 (no memory). */
int	 md_render(const char *src, size_t len, struct buf *out);
/* Append s[0..n) HTML-escaped (& < > " '). 0 or -1. */
int	 md_escape(struct buf *out, const char *s, size_t n);

#endif /* MD_H */
