/* format.c: money, excerpts, times and Upwork links for pages. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "format.h"

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
		snprintf(out, size, "%s$%s%s%s", neg ? "-" : "", grouped,
		    cents[0] ? "." : "", cents);
	else
		snprintf(out, size, "%s%s%s%s %s", neg ? "-" : "", grouped,
		    cents[0] ? "." : "", cents, cur);
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
		sign = *p == '-' ? -1 : 1;
		if (sscanf(p + 1, "%2d:%2d", &hh, &mm) != 2)
			return (time_t)-1;
		off = sign * (hh * 3600 + mm * 60);
		p += 6;
	}
	if (*p != '\0')
		return (time_t)-1;
	return timegm(&tm) - off;
}

void
format_ago(char *out, size_t size, time_t then, time_t now)
{
	long	 d = (long)(now - then);

	if (d < 60)
		snprintf(out, size, "just now");
	else if (d < 3600)
		snprintf(out, size, "%ld min ago", d / 60);
	else if (d < 86400)
		snprintf(out, size, "%ld h ago", d / 3600);
	else if (d < 2 * 86400)
		snprintf(out, size, "yesterday");
	else
		snprintf(out, size, "%ld days ago", d / 86400);
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
	snprintf(out, size, "https://www.upwork.com/jobs/%s", ct);
	return 1;
}

const char *
format_count(char *out, size_t size, long long n, const char *one,
    const char *many)
{
	snprintf(out, size, "%lld %s", n, n == 1 ? one : many);
	return out;
}

void
format_rate(char *out, size_t size, const char *lo, const char *hi)
{
	if (lo[0] && hi[0] && strcmp(lo, hi) != 0)
		snprintf(out, size, "%s–%s an hour", lo, hi);
	else if (lo[0] || hi[0])
		snprintf(out, size, "%s an hour", lo[0] ? lo : hi);
	else
		snprintf(out, size, "Hourly rate not given");
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
