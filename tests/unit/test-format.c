/* test-format.c: money, excerpts, times and Upwork links. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format.h"
#include "t.h"

static void
money(const char *raw, const char *cur, const char *want)
{
	char	 out[64];
	int	 rc = format_decimal(out, sizeof(out), raw, cur);

	if (want == NULL) {
		T_EQ_INT(rc, -1, raw ? raw : "(null)");
		T_EQ_STR(out, "", "refused: empty output");
	} else {
		T_EQ_INT(rc, 0, raw);
		T_EQ_STR(out, want, raw);
	}
}

int
main(void)
{
	char	 out[64], big[4096];
	json_t	*m;

	/* Exact decimals, never floats: 0.1 + 0.2 style errors impossible. */
	money("1500", "USD", "$1,500");
	money("1500.0", "USD", "$1,500");
	money("12.5", "USD", "$12.50");
	money("123456.78", "USD", "$123,456.78");
	money("0.1", "USD", "$0.10");
	money("999999999999999", "USD", "$999,999,999,999,999");
	money("19.999", "USD", "$19.99");	/* cents shown, never rounded up */
	money("-25.05", "USD", "-$25.05");
	money("100", "EUR", "100 EUR");
	money("7.25", "GBP", "7.25 GBP");
	money("1e3", "USD", NULL);
	money("12.", "USD", NULL);
	money(".5", "USD", NULL);
	money("1,500", "USD", NULL);
	money("NaN", "USD", NULL);
	money("10", "usd", NULL);
	money("10", "<b>", NULL);
	money("1000000000000000", "USD", NULL);	/* 16 digits: refused */
	money(NULL, "USD", NULL);
	m = json_pack("{s:s, s:s}", "rawValue", "2500.00", "currency", "USD");
	format_money(out, sizeof(out), m);
	T_EQ_STR(out, "$2,500", "format_money");
	json_decref(m);
	format_money(out, sizeof(out), json_null());
	T_EQ_STR(out, "", "format_money of null");

	format_excerpt(out, sizeof(out), "  a\n\n b\tc  ");
	T_EQ_STR(out, "a b c", "whitespace folded");
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	format_excerpt(out, sizeof(out), big);
	T_OK(strlen(out) < sizeof(out) && strstr(out, "\xe2\x80\xa6") != NULL,
	    "long text cut with an ellipsis");
	/* A cut never splits a UTF-8 character: "é" is 2 bytes. */
	for (size_t i = 0; i + 2 < sizeof(big); i += 2)
		memcpy(big + i, "\xc3\xa9", 2);
	big[sizeof(big) - 2] = '\0';
	format_excerpt(out, sizeof(out), big);
	T_OK(strlen(out) % 2 == 1 || strcmp(out + strlen(out) - 3,
	    "\xe2\x80\xa6") == 0, "cut at a character boundary");
	T_OK((unsigned char)out[strlen(out) - 4] == 0xa9,
	    "the last whole character before the ellipsis is complete");
	format_excerpt(out, sizeof(out), NULL);
	T_EQ_STR(out, "", "NULL text");

	T_EQ_INT(format_parse_time("2026-11-29T09:12:00Z"), 1795943520,
	    "Z time");
	T_EQ_INT(format_parse_time("2026-11-29T09:12:00.123Z"), 1795943520,
	    "fraction");
	T_EQ_INT(format_parse_time("2026-11-29T10:12:00+01:00"), 1795943520,
	    "offset");
	T_EQ_INT(format_parse_time("2026-11-29T09:12:00"), 1795943520,
	    "no zone: UTC");
	T_EQ_INT(format_parse_time("yesterday"), -1, "not a time");
	T_EQ_INT(format_parse_time("2026-11-29T09:12:00Zjunk"), -1, "junk");
	format_ago(out, sizeof(out), 1000, 1030);
	T_EQ_STR(out, "just now", "seconds");
	format_ago(out, sizeof(out), 1000, 1000 + 12 * 60);
	T_EQ_STR(out, "12 min ago", "minutes");
	format_ago(out, sizeof(out), 1000, 1000 + 2 * 3600 + 5);
	T_EQ_STR(out, "2 h ago", "hours");
	format_ago(out, sizeof(out), 1000, 1000 + 86400 + 5);
	T_EQ_STR(out, "yesterday", "a day");
	format_ago(out, sizeof(out), 1000, 1000 + 5 * 86400);
	T_EQ_STR(out, "5 days ago", "days");

	/* format_join and format_int stand in for snprintf: the same bytes,
	 * cut the same way. */
	{
		char	 small[8], ref[16], n[24];
		size_t	 sz;

		for (sz = 1; sz <= sizeof(small); sz++) {
			memset(small, 'x', sizeof(small));
			format_join(small, sz, "ab", "", "cde", "fgh", (char *)NULL);
			/* snprintf's cut: the first sz - 1 bytes. */
			memcpy(ref, "abcdefgh", sz - 1);
			ref[sz - 1] = '\0';
			T_EQ_STR(small, ref, "join cut to size as snprintf");
		}
		format_join(out, sizeof(out), (char *)NULL);
		T_EQ_STR(out, "", "join of nothing");
		T_EQ_STR(format_int(n, 0), "0", "int 0");
		T_EQ_STR(format_int(n, -7), "-7", "int -7");
		T_EQ_STR(format_int(n, 1234567890123LL), "1234567890123",
		    "int large");
		snprintf(big, sizeof(big), "%lld", -9223372036854775807LL - 1);
		T_EQ_STR(format_int(n, -9223372036854775807LL - 1), big,
		    "int LLONG_MIN");
		snprintf(big, sizeof(big), "%lld", 9223372036854775807LL);
		T_EQ_STR(format_int(n, 9223372036854775807LL), big,
		    "int LLONG_MAX");
		T_EQ_STR(format_count(out, sizeof(out), -2, "hire", "hires"),
		    "-2 hires", "count negative");
		format_ago(small, sizeof(small), 1000, 1000 + 12 * 60);
		T_EQ_STR(small, "12 min ", "ago cut to size");
	}

	T_EQ_INT(format_upwork_job_url(out, sizeof(out), "~02abcdef0123456789"),
	    1, "ciphertext");
	T_EQ_STR(out, "https://www.upwork.com/jobs/~02abcdef0123456789", "url");
	T_EQ_INT(format_upwork_job_url(out, sizeof(out), "02abc"), 0, "no ~");
	T_EQ_INT(format_upwork_job_url(out, sizeof(out),
	    "~02/../../evil"), 0, "path characters");
	T_EQ_INT(format_upwork_job_url(out, sizeof(out), "~\"><script>"), 0,
	    "markup");
	T_EQ_STR(out, "", "refused: empty");
	T_EQ_INT(format_upwork_job_url(out, sizeof(out), NULL), 0, "NULL");
	T_EQ_STR(format_level("ENTRY_LEVEL"), "Entry level", "level entry");
	T_EQ_STR(format_level("EXPERT"), "Expert", "level expert");
	T_EQ_STR(format_level(NULL), "Any level", "level absent");
	T_EQ_STR(format_level("NEW_LEVEL"), "NEW_LEVEL", "unknown level as is");
	T_EQ_STR(format_count(out, sizeof(out), 1, "hire", "hires"), "1 hire",
	    "singular");
	T_EQ_STR(format_count(out, sizeof(out), 0, "hire", "hires"), "0 hires",
	    "zero is plural");
	format_rate(out, sizeof(out), "$20", "$40");
	T_EQ_STR(out, "$20–$40 an hour", "rate range");
	format_rate(out, sizeof(out), "$30", "$30");
	T_EQ_STR(out, "$30 an hour", "equal bounds");
	format_rate(out, sizeof(out), "", "$30");
	T_EQ_STR(out, "$30 an hour", "one bound");
	format_rate(out, sizeof(out), "", "");
	T_EQ_STR(out, "Hourly rate not given", "no rate");
	{
		static const struct { const char *in; int ok; } amounts[] = {
			{ "45", 1 }, { "45.5", 1 }, { "45.50", 1 }, { "0.01", 1 },
			{ "999999.99", 1 }, { "0", 0 }, { "0.00", 0 }, { "", 0 },
			{ "1000000", 0 }, { "12.345", 0 }, { "12.", 0 }, { ".5", 0 },
			{ "-5", 0 }, { "+5", 0 }, { "1e3", 0 }, { "5 ", 0 },
			{ "1,000", 0 }, { "0x10", 0 },
		};
		size_t i;

		for (i = 0; i < sizeof(amounts) / sizeof(amounts[0]); i++)
			T_OK(format_amount_ok(amounts[i].in) == amounts[i].ok,
			    "amount \"%s\"", amounts[i].in);
	}
	{
		static const struct { const char *in; int rc; long long c; } cs[] = {
			{ "123456.78", 0, 12345678 }, { "-12345.68", 0, -1234568 },
			{ "0", 0, 0 }, { "0.1", 0, 10 }, { "4.35", 0, 435 },
			{ "1.150", 0, 115 }, { "0.001", -1, 0 }, { "", -1, 0 },
			{ "-", -1, 0 }, { "1.", -1, 0 }, { ".5", -1, 0 },
			{ "1e3", -1, 0 }, { "12345678901234", -1, 0 },
			{ "+5", -1, 0 }, { "5 ", -1, 0 },
		};
		long long c;
		size_t i;

		for (i = 0; i < sizeof(cs) / sizeof(cs[0]); i++) {
			c = 0;
			T_OK(format_cents_parse(cs[i].in, &c) == cs[i].rc &&
			    (cs[i].rc != 0 || c == cs[i].c), "cents \"%s\"",
			    cs[i].in);
		}
		/* The cent trap: 0.1 + 0.1 + 0.1 + 4.35 + 1.15 + 0.29. */
		{
			static const char *const trap[] = { "0.1", "0.1", "0.1",
			    "4.35", "1.15", "0.29" };
			long long sum = 0;
			for (i = 0; i < 6; i++) {
				format_cents_parse(trap[i], &c);
				sum += c;
			}
			format_cents(out, sizeof(out), sum, "USD");
			T_EQ_STR(out, "$6.09", "exact sum");
		}
		format_cents(out, sizeof(out), -1234568, "USD");
		T_EQ_STR(out, "-$12,345.68", "negative USD");
		format_cents(out, sizeof(out), 100000000, "EUR");
		T_EQ_STR(out, "1,000,000.00 EUR", "EUR");
		format_cents(out, sizeof(out), 5, "USD");
		T_EQ_STR(out, "$0.05", "cents");
	}
	T_OK(format_parse_time("2026-04-26T00:00:00+0000") == 1777161600,
	    "offset without a colon");
	T_OK(format_parse_time("2026-04-26T01:30:00+0130") == 1777161600,
	    "offset +0130");
	T_OK(format_parse_time("2026-04-26T00:00:00-05:00") == 1777179600,
	    "offset -05:00");
	T_OK(format_parse_time("2026-04-26T00:00:00+000") == (time_t)-1,
	    "3-digit offset refused");
	T_OK(format_parse_time("2026-04-26T00:00:00+0000MARK") == (time_t)-1,
	    "trailing text refused");
	T_OK(format_id_ok("1500000000000000001"), "id");
	T_OK(format_id_ok("12345678901234567890"), "20 digits");
	T_OK(!format_id_ok("123456789012345678901"), "21 digits");
	T_OK(!format_id_ok("") && !format_id_ok(NULL), "empty, NULL");
	T_OK(!format_id_ok("12a") && !format_id_ok("-1"), "not digits");
	T_OK(format_room_id_ok("room_16c3564fb21a29fc104dba69bf9b07b2"), "room");
	T_OK(!format_room_id_ok("room_") && !format_room_id_ok("room_XYZ") &&
	    !format_room_id_ok("room_../x") && !format_room_id_ok(NULL),
	    "not rooms");
	{
		size_t n;
		char *t = format_text_copy("a\r\nb\rc\r\n", 100, &n);
		T_EQ_STR(t, "a\nb\nc\n", "CR LF as LF, a lone CR as LF");
		T_OK(n == 6, "its length");
		free(t);
		/* Found by fuzz-format: a lone CR before a CR LF made a CR LF. */
		t = format_text_copy("\r.\r\r\n", 13, &n);
		T_EQ_STR(t, "\n.\n\n", "no CR LF can come out");
		free(t);
		t = format_text_copy("ab\xc3\xa9", 3, &n);
		T_EQ_STR(t, "ab", "never cut inside a character");
		free(t);
		t = format_text_copy("ab\xc3\xa9", 4, &n);
		T_EQ_STR(t, "ab\xc3\xa9", "whole characters kept");
		free(t);
	}
	return t_done("test-format");
}
