/* test-fcgi.c: fcgi_put_stdout's records, read back from a socket as nginx
 * would read them: every byte, in order, in well-formed STDOUT records of
 * the request, also when the socket takes only a little at a time. */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <fastcgi.h>

#include "fcgi.h"
#include "t.h"

static volatile sig_atomic_t	 ticks;

static void
tick(int sig)
{
	(void)sig;
	ticks++;
}

struct sink {
	int		 fd;
	int		 slow;
	unsigned char	*got;
	size_t		 len, cap;
};

/* Read until EOF: the other end's bytes, as written. */
static void *
drain(void *arg)
{
	struct sink	*k = arg;
	ssize_t		 n;

	for (;;) {
		if (k->len == k->cap) {
			k->cap = k->cap ? 2 * k->cap : 65536;
			if ((k->got = realloc(k->got, k->cap)) == NULL)
				abort();
		}
		/* Small reads, so the writer meets a full socket. */
		n = read(k->fd, k->got + k->len, k->cap - k->len < 4096 ?
		    k->cap - k->len : 4096);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		k->len += (size_t)n;
		if (k->slow)
			usleep(200);
	}
	return NULL;
}

/* Write len bytes of a pattern as request id's records through a socket
 * with a small send buffer, then check what came out. */
static void
roundtrip(size_t len, int id, int slow)
{
	struct sink	 k = { -1, slow, NULL, 0, 0 };
	pthread_t	 th;
	unsigned char	*in = malloc(len ? len : 1), *content;
	size_t		 i, at = 0, clen = 0, records = 0, bad = 0;
	int		 sv[2], small = 4096, rc;
	char		 name[64];

	for (i = 0; i < len; i++)
		in[i] = (unsigned char)(i * 7 + i / 251);
	content = malloc(len ? len : 1);
	T_OK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0, "socketpair");
	setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &small, sizeof(small));
	k.fd = sv[1];
	pthread_create(&th, NULL, drain, &k);
	rc = fcgi_put_stdout(sv[0], id, (const char *)in, len);
	close(sv[0]);
	pthread_join(th, NULL);
	close(sv[1]);

	snprintf(name, sizeof(name), "%zu bytes, id %d", len, id);
	T_EQ_INT(rc, 0, name);
	while (at + FCGI_HEADER_LEN <= k.len) {
		const unsigned char *h = k.got + at;
		size_t n = (size_t)h[4] << 8 | h[5];

		records++;
		if (h[0] != FCGI_VERSION_1 || h[1] != FCGI_STDOUT ||
		    ((int)h[2] << 8 | h[3]) != id || h[6] != 0 || n == 0 ||
		    at + FCGI_HEADER_LEN + n > k.len)
			bad++;
		if (at + FCGI_HEADER_LEN + n > k.len)
			break;
		memcpy(content + clen, h + FCGI_HEADER_LEN, n);
		clen += n;
		at += FCGI_HEADER_LEN + n;
	}
	T_EQ_INT(bad, 0, "every record a STDOUT record of the request, none empty");
	T_EQ_INT(at, k.len, "nothing after the last record");
	T_EQ_INT(clen, len, "every byte");
	T_OK(clen == len && memcmp(content, in, len) == 0, "%s: in order", name);
	T_EQ_INT(records, (len + 65527) / 65528, "records of at most 65528 bytes");
	free(k.got);
	free(in);
	free(content);
}

int
main(void)
{
	int	 sv[2];

	struct sigaction	 sa;
	struct itimerval	 every = { { 0, 500 }, { 0, 500 } }, off;

	signal(SIGPIPE, SIG_IGN);
	roundtrip(0, 1, 0);
	roundtrip(1, 1, 0);
	roundtrip(31157, 1, 0);		/* the /jobs page of bench/run.sh */
	roundtrip(65528, 2, 0);
	roundtrip(65529, 258, 0);
	roundtrip(16 * 65528, 65535, 0);	/* one full writev */
	roundtrip(16 * 65528 + 1, 3, 0);	/* and one more */

	/* A signal without SA_RESTART cuts a blocked writev short: it
	 * returns what it wrote so far, and the rest must follow. */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = tick;
	sigaction(SIGALRM, &sa, NULL);
	setitimer(ITIMER_REAL, &every, NULL);
	roundtrip(300 * 1024 + 3, 5, 1);
	memset(&off, 0, sizeof(off));
	setitimer(ITIMER_REAL, &off, NULL);
	T_OK(ticks > 0, "the writes were interrupted (%d signals)", (int)ticks);

	T_EQ_INT(fcgi_put_stdout(-1, 1, "x", 1), -1, "no connection");
	T_EQ_INT(fcgi_put_stdout(0, 65536, "x", 1), -1, "id out of range");
	T_EQ_INT(fcgi_put_stdout(0, -1, "x", 1), -1, "negative id");
	/* The reader is gone: an error, not a hang or a signal. */
	T_OK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0, "socketpair");
	close(sv[1]);
	T_EQ_INT(fcgi_put_stdout(sv[0], 1, "abc", 3), -1, "peer closed");
	close(sv[0]);
	return t_done("test-fcgi");
}
