/* fcgi.h: a response's FastCGI STDOUT records, written in one go. */
#ifndef FCGI_H
#define FCGI_H

#include <stddef.h>

/* Write p as FastCGI STDOUT records of request_id on fd: a writev of up
 * to 16 records of 64 KB at a time, each write finished before the next.
 * Only the records: the empty record ending the stream and
 * FCGI_END_REQUEST are libfcgi's (FCGX_Finish_r). 0, or -1: a bad fd or
 * id, or the connection failed (the response is lost; libfcgi's own
 * writes then fail too). */
int	 fcgi_put_stdout(int fd, int request_id, const char *p, size_t len);

#endif /* FCGI_H */
