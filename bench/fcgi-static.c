/* fcgi-static: the FastCGI ceiling for `make bench`. A minimal libfcgi
 * responder that answers every request with the same bytes (a file read
 * once at start) and the headers Workdesk sends, from THREADS threads
 * accepting on one socket, as Workdesk does. Nothing else: no parsing, no
 * session, no template, no store.
 *
 *   fcgi-static SOCKET FILE [THREADS]
 */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <fcgiapp.h>

static char	*page;
static long	 page_len;
static int	 listen_fd;

static void *
serve(void *arg)
{
	FCGX_Request	 fr;

	(void)arg;
	if (FCGX_InitRequest(&fr, listen_fd, 0) != 0)
		return NULL;
	while (FCGX_Accept_r(&fr) >= 0) {
		FCGX_FPrintF(fr.out, "Status: 200 OK\r\nContent-Type: "
		    "text/html; charset=utf-8\r\nCache-Control: no-store\r\n"
		    "Content-Length: %ld\r\n\r\n", page_len);
		FCGX_PutStr(page, (int)page_len, fr.out);
		FCGX_Finish_r(&fr);
	}
	return NULL;
}

int
main(int argc, char *argv[])
{
	pthread_t	*t;
	FILE		*f;
	int		 i, n;

	if (argc < 3 || argc > 4) {
		fprintf(stderr, "usage: fcgi-static SOCKET FILE [THREADS]\n");
		return 2;
	}
	n = argc == 4 ? atoi(argv[3]) : 4;
	if (n < 1 || n > 256 || (f = fopen(argv[2], "rb")) == NULL)
		return 1;
	fseek(f, 0, SEEK_END);
	page_len = ftell(f);
	rewind(f);
	if ((page = malloc((size_t)page_len + 1)) == NULL ||
	    fread(page, 1, (size_t)page_len, f) != (size_t)page_len)
		return 1;
	fclose(f);
	if (FCGX_Init() != 0 || (listen_fd = FCGX_OpenSocket(argv[1], 128)) < 0)
		return 1;
	/* libfcgi's SIGTERM handler only asks the next accept to stop, which
	 * never comes once the bench is over: let the bench's kill end it. */
	signal(SIGTERM, SIG_DFL);
	chmod(argv[1], 0600);
	if ((t = calloc((size_t)n, sizeof(*t))) == NULL)
		return 1;
	for (i = 0; i < n; i++)
		pthread_create(&t[i], NULL, serve, NULL);
	for (i = 0; i < n; i++)
		pthread_join(t[i], NULL);
	return 0;
}
