/* t.h: the tiny assertion kit every unit program uses.
 * Each check counts as one assertion; t_done() prints the closing
 * "N passed, N failed" line and returns the exit status. */
#ifndef T_H
#define T_H

#include <ftw.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

static int t_pass, t_fail;

#define T_OK(cond, ...) do {						\
	if (cond) {							\
		t_pass++;						\
	} else {							\
		t_fail++;						\
		fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__);	\
		fprintf(stderr, __VA_ARGS__);				\
		fputc('\n', stderr);					\
	}								\
} while (0)

#define T_EQ_INT(a, b, name) do {					\
	long long t_a_ = (long long)(a), t_b_ = (long long)(b);		\
	T_OK(t_a_ == t_b_, "%s: got %lld, want %lld", (name), t_a_, t_b_); \
} while (0)

#define T_EQ_STR(a, b, name) do {					\
	const char *t_a_ = (a), *t_b_ = (b);				\
	T_OK(t_a_ != NULL && t_b_ != NULL && strcmp(t_a_, t_b_) == 0,	\
	    "%s: got \"%s\", want \"%s\"", (name),			\
	    t_a_ ? t_a_ : "(null)", t_b_ ? t_b_ : "(null)");		\
} while (0)

#define T_CONTAINS(hay, needle, name) do {				\
	const char *t_h_ = (hay), *t_n_ = (needle);			\
	T_OK(t_h_ != NULL && strstr(t_h_, t_n_) != NULL,		\
	    "%s: \"%s\" not found", (name), t_n_);			\
} while (0)

#define T_LACKS(hay, needle, name) do {					\
	const char *t_h_ = (hay), *t_n_ = (needle);			\
	T_OK(t_h_ != NULL && strstr(t_h_, t_n_) == NULL,		\
	    "%s: \"%s\" found but must not be", (name), t_n_);	\
} while (0)

static inline int
t_rm_one(const char *p, const struct stat *st, int flag, struct FTW *f)
{
	(void)st; (void)flag; (void)f;
	return remove(p);
}

/* Remove a test's temporary directory and everything below it. */
static inline void
t_rmtree(const char *dir)
{
	nftw(dir, t_rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static inline int
t_done(const char *prog)
{
	printf("%s: %d passed, %d failed\n", prog, t_pass, t_fail);
	return t_fail ? 1 : 0;
}

#endif /* T_H */
