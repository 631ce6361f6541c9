/* format.c: money, excerpts, times and Upwork links for pages. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "format.h"

void
format_join(char *out, size_t size, ...)
{
	va_list		 ap;
	const char	*s;
	size_t		 n = 0, len;

	if (size == 0)
		return;
	va_start(ap, size);
	while ((s = va_arg(ap, const char *)) != NULL && n + 1 < size) {
		len = strlen(s);
		if (len > size - 1 - n)
			len = size - 1 - n;
		memcpy(out + n, s, len);
		n += len;
	}
	va_end(ap);
	out[n] = '\0';
}

const char *
format_int(char *out, long long v)
{
	char			 rev[24];
	unsigned long long	 a = v < 0 ? 0ULL - (unsigned long long)v :
				    (unsigned long long)v;
	size_t			 n = 0, k = 0;

	do
		rev[n++] = (char)('0' + a % 10);
	while ((a /= 10) > 0);
	if (v < 0)
		out[k++] = '-';
	while (n > 0)
		out[k++] = rev[--n];
	out[k] = '\0';
	return out;
}

int
format_decimal(char *out, size_t size, const char *raw, const char *cur)
{
	const char	*dot, *p = raw;
	char		 grouped[64];
	size_t		 ilen, flen, n = 0, i;
	int		 neg = 0;

	out[0] = '\0';
	if (raw == NULL || cur == NULL)
		return -1;
	if (*p == '-') {
		neg = 1;
		p++;
	}
	dot = strchr(p, '.');
	ilen = dot ? (size_t)(dot - p) : strlen(p);
	flen = dot ? strlen(dot + 1) : 0;
	if (ilen == 0 || ilen > 15 || strspn(p, "0123456789") != ilen ||
	    (dot && (flen == 0 || flen > 8 ||
	    strspn(dot + 1, "0123456789") != flen)) ||
	    strspn(cur, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != strlen(cur) ||
	    strlen(cur) != 3)
		return -1;
	/* Thousands grouped by commas. */
	for (i = 0; i < ilen; i++) {
		if (i > 0 && (ilen - i) % 3 == 0)
			grouped[n++] = ',';
		grouped[n++] = p[i];
	}
	grouped[n] = '\0';
	/* Cents only when there are any: "25", "25.50". */
	char cents[3] = "";
	if (dot && strspn(dot + 1, "0") != flen) {
		cents[0] = dot[1];
		cents[1] = flen > 1 ? dot[2] : '0';
		cents[2] = '\0';
	}
	if (strcmp(cur, "USD") == 0)
		format_join(out, size, neg ? "-" : "", "$", grouped,
		    cents[0] ? "." : "", cents, (char *)NULL);
	else
		format_join(out, size, neg ? "-" : "", grouped,
		    cents[0] ? "." : "", cents, " ", cur, (char *)NULL);
	return 0;
}

void
format_money(char *out, size_t size, json_t *money)
{
	out[0] = '\0';
	if (!json_is_object(money))
		return;
	format_decimal(out, size,
	    json_string_value(json_object_get(money, "rawValue")),
	    json_string_value(json_object_get(money, "currency")));
}

void
format_excerpt(char *out, size_t size, const char *text)
{
	size_t	 n = 0, cut;
	int	 space = 0;

	out[0] = '\0';
	if (text == NULL || size < 8)
		return;
	for (; *text && n + 1 < size; text++) {
		unsigned char c = (unsigned char)*text;
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			space = n > 0;
			continue;
		}
		if (space) {
			out[n++] = ' ';
			space = 0;
			if (n + 1 >= size)
				break;
		}
		out[n++] = (char)c;
	}
	out[n] = '\0';
	if (*text == '\0')
		return;
	/* Too long: cut back to a character boundary, room for "…". */
	cut = n > size - 4 ? size - 4 : n;
	while (cut > 0 && ((unsigned char)out[cut] & 0xc0) == 0x80)
		cut--;
	memcpy(out + cut, "\xe2\x80\xa6", 4);
}

time_t
format_parse_time(const char *iso)
{
	struct tm	 tm;
	const char	*p;
	int		 off = 0, sign = 1, hh, mm;

	if (iso == NULL)
		return (time_t)-1;
	memset(&tm, 0, sizeof(tm));
	if ((p = strptime(iso, "%Y-%m-%dT%H:%M:%S", &tm)) == NULL)
		return (time_t)-1;
	if (*p == '.')
		for (p++; *p >= '0' && *p <= '9'; p++)
			;
	if (*p == 'Z')
		p++;
	else if (*p == '+' || *p == '-') {
		/* "+01:00", or "+0100" as Upwork's billing rows write it. */
		sign = *p++ == '-' ? -1 : 1;
		if (strspn(p, "0123456789") == 2 && p[2] == ':' &&
		    strspn(p + 3, "0123456789") == 2) {
			hh = (p[0] - '0') * 10 + (p[1] - '0');
			mm = (p[3] - '0') * 10 + (p[4] - '0');
			p += 5;
		} else if (strspn(p, "0123456789") == 4) {
			hh = (p[0] - '0') * 10 + (p[1] - '0');
			mm = (p[2] - '0') * 10 + (p[3] - '0');
			p += 4;
		} else
			return (time_t)-1;
		off = sign * (hh * 3600 + mm * 60);
	}
	if (*p != '\0')
		return (time_t)-1;
	return timegm(&tm) - off;
}

void
format_ago(char *out, size_t size, time_t then, time_t now)
{
	long	 d = (long)(now - then);

	char	 n[24];

	if (d < 60)
		format_join(out, size, "just now", (char *)NULL);
	else if (d < 3600)
		format_join(out, size, format_int(n, d / 60), " min ago",
		    (char *)NULL);
	else if (d < 86400)
		format_join(out, size, format_int(n, d / 3600), " h ago",
		    (char *)NULL);
	else if (d < 2 * 86400)
		format_join(out, size, "yesterday", (char *)NULL);
	else
		format_join(out, size, format_int(n, d / 86400), " days ago",
		    (char *)NULL);
}

int
format_upwork_job_url(char *out, size_t size, const char *ct)
{
	size_t	 n;

	out[0] = '\0';
	if (ct == NULL || ct[0] != '~')
		return 0;
	n = strspn(ct + 1, "0123456789abcdefABCDEF");
	if (n == 0 || n > 40 || ct[1 + n] != '\0')
		return 0;
	format_join(out, size, "https://www.upwork.com/jobs/", ct, (char *)NULL);
	return 1;
}

const char *
format_count(char *out, size_t size, long long n, const char *one,
    const char *many)
{
	char	 d[24];

	format_join(out, size, format_int(d, n), " ", n == 1 ? one : many,
	    (char *)NULL);
	return out;
}

void
format_rate(char *out, size_t size, const char *lo, const char *hi)
{
	if (lo[0] && hi[0] && strcmp(lo, hi) != 0)
		format_join(out, size, lo, "–", hi, " an hour", (char *)NULL);
	else if (lo[0] || hi[0])
		format_join(out, size, lo[0] ? lo : hi, " an hour",
		    (char *)NULL);
	else
		format_join(out, size, "Hourly rate not given", (char *)NULL);
}

const char *
format_level(const char *v)
{
	if (v == NULL)
		return "Any level";
	if (strcmp(v, "ENTRY_LEVEL") == 0)
		return "Entry level";
	if (strcmp(v, "INTERMEDIATE") == 0)
		return "Intermediate";
	if (strcmp(v, "EXPERT") == 0)
		return "Expert";
	return v;
}

int
format_amount_ok(const char *s)
{
	size_t	 whole = strspn(s, "0123456789"), frac;

	if (whole == 0 || whole > 6)
		return 0;
	if (s[whole] == '.') {
		frac = strspn(s + whole + 1, "0123456789");
		if (frac == 0 || frac > 2 || s[whole + 1 + frac] != '\0')
			return 0;
	} else if (s[whole] != '\0')
		return 0;
	return strspn(s, "0.") != strlen(s);	/* not zero */
}

int
format_cents_parse(const char *raw, long long *cents)
{
	const char	*p = raw;
	long long	 whole = 0, frac = 0;
	size_t		 n, i;
	int		 neg = 0;

	if (p == NULL)
		return -1;
	if (*p == '-') {
		neg = 1;
		p++;
	}
	n = strspn(p, "0123456789");
	if (n == 0 || n > 13)
		return -1;
	for (i = 0; i < n; i++)
		whole = whole * 10 + (p[i] - '0');
	p += n;
	if (*p == '.') {
		p++;
		n = strspn(p, "0123456789");
		if (n == 0 || p[n] != '\0')
			return -1;
		for (i = 0; i < n; i++) {
			if (i < 2)
				frac = frac * 10 + (p[i] - '0');
			else if (p[i] != '0')
				return -1;	/* a fraction of a cent */
		}
		if (n == 1)
			frac *= 10;
	} else if (*p != '\0')
		return -1;
	*cents = (whole * 100 + frac) * (neg ? -1 : 1);
	return 0;
}

void
format_cents(char *out, size_t size, long long cents, const char *currency)
{
	char			 digits[32], grouped[48];
	unsigned long long	 a = cents < 0 ? 0ULL - (unsigned long long)cents :
				    (unsigned long long)cents;
	size_t			 n, i, k = 0;

	snprintf(digits, sizeof(digits), "%llu", a / 100);
	n = strlen(digits);
	for (i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			grouped[k++] = ',';
		grouped[k++] = digits[i];
	}
	grouped[k] = '\0';
	if (currency != NULL && strcmp(currency, "USD") == 0)
		snprintf(out, size, "%s$%s.%02llu", cents < 0 ? "-" : "",
		    grouped, a % 100);
	else
		snprintf(out, size, "%s%s.%02llu %s", cents < 0 ? "-" : "",
		    grouped, a % 100, currency ? currency : "");
}

int
format_id_ok(const char *id)
{
	size_t	 n = id ? strlen(id) : 0;

	return n > 0 && n <= 20 && strspn(id, "0123456789") == n;
}

int
format_room_id_ok(const char *id)
{
	size_t	 n = id ? strlen(id) : 0;

	return n > 5 && n <= 69 && strncmp(id, "room_", 5) == 0 &&
	    strspn(id + 5, "0123456789abcdef") == n - 5;
}

char *
format_text_copy(const char *v, size_t max, size_t *len)
{
	char	*t;
	size_t	 i, n = 0;

	if ((t = malloc(strnlen(v, max) + 1)) == NULL)
		return NULL;
	/* Browsers send every line end as CR LF (HTML form submission
	 * normalises a lone CR too), so a CR is a line end either way. */
	for (i = 0; v[i] != '\0' && i < max; i++) {
		if (v[i] == '\r' && v[i + 1] == '\n')
			continue;	/* the LF that follows ends the line */
		t[n++] = v[i] == '\r' ? '\n' : v[i];
	}
	/* Cut inside a character (the next input byte continues it): drop
	 * the character's bytes already copied, its lead byte included. */
	if (((unsigned char)v[i] & 0xC0) == 0x80) {
		while (n > 0 && ((unsigned char)t[n - 1] & 0xC0) == 0x80)
			n--;
		if (n > 0)
			n--;
	}
	t[n] = '\0';
	*len = n;
	return t;
}
