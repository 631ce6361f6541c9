/* format.h: Upwork's values as people read them. Pure functions of their
 * inputs, into caller buffers, so the unit tests and fuzzers call them
 * directly. Money stays a decimal string throughout: never a float. */
#ifndef FORMAT_H
#define FORMAT_H

#include <stddef.h>
#include <time.h>

#include <jansson.h>

/* The strings given, up to a NULL, into out, cut to fit size like
 * snprintf, and without its cost (a warm page calls these hundreds of
 * times). */
void	 format_join(char *out, size_t size, ...)
	    __attribute__((sentinel));
/* v in decimal into out, which holds 24 bytes; returns out. */
const char *format_int(char *out, long long v);

/* A Money object {rawValue, currency} as "$1,500" or "$25.50" (USD) or
 * "1,500.00 EUR". out is "" when money is absent or rawValue is not a
 * plain decimal. */
void	 format_money(char *out, size_t size, json_t *money);
/* The same from the decimal string and currency code. 0 or -1. */
int	 format_decimal(char *out, size_t size, const char *raw,
	    const char *currency);
/* A decimal string of money ("123456.78", "-0.1", "0") as a whole number
 * of cents: exact, never through a float. 0, or -1 (not such a string,
 * more than 2 decimals that are not zeros, or too large). */
int	 format_cents_parse(const char *raw, long long *cents);
/* Cents as "$1,234.56" / "-$0.10" (USD) or "1,234.56 EUR": always two
 * decimals, for columns of figures. */
void	 format_cents(char *out, size_t size, long long cents,
	    const char *currency);
/* An Upwork id as the routes take it ({id}: 1 to 20 digits), so that it
 * can go into a path. 1 yes, 0 no (NULL too). */
int	 format_id_ok(const char *id);
/* An Upwork room id as the routes take it ({room}: "room_" and 1 to 64
 * lowercase hex digits). 1 yes, 0 no. */
int	 format_room_id_ok(const char *id);
/* A copy of text (UTF-8) as the user typed it: the CR LF line ends
 * browsers send become LF (a lone CR too), and it is cut at max bytes, never inside a
 * character. *len gets its length. Caller frees; NULL on no memory. */
char	*format_text_copy(const char *text, size_t max, size_t *len);
/* An amount a person typed into a form: digits (at most 6), at most two
 * decimals, above 0. 1 yes, 0 no. */
int	 format_amount_ok(const char *s);
/* The first words of text, whitespace folded, cut at a character
 * boundary with "…" when longer than fits. */
void	 format_excerpt(char *out, size_t size, const char *text);
/* An ISO 8601 date-time ("2026-11-29T09:12:00Z", ".000Z", "+00:00") as
 * seconds since the epoch; (time_t)-1 when unreadable. */
time_t	 format_parse_time(const char *iso);
/* "just now", "12 min ago", "3 h ago", "5 days ago". */
void	 format_ago(char *out, size_t size, time_t then, time_t now);
/* https://www.upwork.com/jobs/~CIPHERTEXT for a well-formed ciphertext
 * ("~" and hex digits). 1 written; 0 not well-formed (out is ""). */
int	 format_upwork_job_url(char *out, size_t size, const char *ciphertext);

/* Upwork's experience level as words: "Entry level", "Intermediate",
 * "Expert"; "Any level" when absent; an unknown value as it is. */
const char *format_level(const char *level);
/* "1 proposal", "3 proposals". Returns out. */
const char *format_count(char *out, size_t size, long long n,
	    const char *one, const char *many);
/* An hourly range from two formatted amounts: "$20–$40 an hour", "$30 an
 * hour" (one bound, or both equal), "Hourly rate not given" (none). */
void	 format_rate(char *out, size_t size, const char *lo, const char *hi);

#endif /* FORMAT_H */
