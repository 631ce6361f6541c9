/* fcgi.c: a response's FastCGI STDOUT records, written in one go.
 *
 * libfcgi's output stream has an 8 KB buffer and writes a record each
 * time it fills: a 31 KB page was five writes to nginx, and five wakeups
 * of it. Here the records are built around the page where it lies (an
 * 8-byte header per 64 KB, no padding, no copy) and written with writev. */
#include <errno.h>
#include <sys/uio.h>

#include <fastcgi.h>

#include "fcgi.h"

#define PUT_RECORDS	16
#define PUT_CHUNK	65528		/* fits the 16-bit content length */

/* Write every byte of iov[0..cnt), which it consumes. 0 or -1. */
static int
writev_all(int fd, struct iovec *v, int cnt)
{
	ssize_t	 w;

	while (cnt > 0) {
		if ((w = writev(fd, v, cnt)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		for (; cnt > 0 && (size_t)w >= v->iov_len; v++, cnt--)
			w -= (ssize_t)v->iov_len;
		if (cnt > 0) {
			v->iov_base = (char *)v->iov_base + w;
			v->iov_len -= (size_t)w;
		}
	}
	return 0;
}

int
fcgi_put_stdout(int fd, int request_id, const char *p, size_t len)
{
	unsigned char	 hdr[PUT_RECORDS][FCGI_HEADER_LEN];
	struct iovec	 iov[2 * PUT_RECORDS];
	size_t		 n, chunk;

	if (fd < 0 || request_id < 0 || request_id > 0xffff)
		return -1;
	while (len > 0) {
		for (n = 0; n < PUT_RECORDS && len > 0; n++) {
			chunk = len < PUT_CHUNK ? len : PUT_CHUNK;
			hdr[n][0] = FCGI_VERSION_1;
			hdr[n][1] = FCGI_STDOUT;
			hdr[n][2] = (unsigned char)(request_id >> 8);
			hdr[n][3] = (unsigned char)request_id;
			hdr[n][4] = (unsigned char)(chunk >> 8);
			hdr[n][5] = (unsigned char)chunk;
			hdr[n][6] = 0;		/* padding */
			hdr[n][7] = 0;		/* reserved */
			iov[2 * n].iov_base = hdr[n];
			iov[2 * n].iov_len = FCGI_HEADER_LEN;
			iov[2 * n + 1].iov_base = (void *)p;
			iov[2 * n + 1].iov_len = chunk;
			p += chunk;
			len -= chunk;
		}
		if (writev_all(fd, iov, (int)(2 * n)) == -1)
			return -1;
	}
	return 0;
}
