/* buf.h: a growable byte buffer, the response body and every string we build. */
#ifndef BUF_H
#define BUF_H

#include <stddef.h>

struct buf {
	char	*p;	/* NUL-terminated whenever len > 0 or after buf_reset */
	size_t	 len;
	size_t	 cap;
};

#define BUF_INIT { NULL, 0, 0 }

/* Append n bytes; 0 on success, -1 on overflow or out of memory (buf unchanged). */
int	 buf_append(struct buf *, const void *, size_t);
int	 buf_puts(struct buf *, const char *);
/* Make room for n more bytes (and a NUL) without adding any. 0 or -1. */
int	 buf_reserve(struct buf *, size_t n);
int	 buf_printf(struct buf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
/* Append s percent-encoded for a URL query or form value: everything but
 * RFC 3986 unreserved characters becomes %XX. 0 or -1. */
int	 buf_urlencode(struct buf *, const char *s);
/* Empty the buffer, keeping its memory. */
void	 buf_reset(struct buf *);
/* Free the memory; the buffer is empty and reusable afterwards. */
void	 buf_free(struct buf *);
/* Hand the string to the caller (caller frees); the buffer becomes empty. Never NULL on success. */
char	*buf_steal(struct buf *);

#endif /* BUF_H */
