/*
 * test_format.c - the hand-written number and time formatting against
 * printf and gmtime_r.
 */
#include <CUnit/CUnit.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "format.h"
#include "sink.h"
#include "suites.h"

static void test_u64(void)
{
	const uint64_t values[] = { 0, 1, 9, 10, 99, 100, 101, 999, 1000, 9999, 10000, 12345,
				    99999, 100000, 999999, 1000000, 9999999, 10000000,
				    99999999, 100000000, 100000001, 4294967295u,
				    10000000000000000000u, UINT64_MAX };
	unsigned int seed = 7;
	size_t i;

	for (i = 0; i < sizeof(values) / sizeof(values[0]) + 2000; i++) {
		uint64_t v = i < sizeof(values) / sizeof(values[0]) ? values[i] :
			((uint64_t)rand_r(&seed) << 33) ^ ((uint64_t)rand_r(&seed) << 11) ^ (uint64_t)rand_r(&seed);
		char got[32], want[32];

		/* Half of them below 10^8, with 1 to 8 digits (the ids,
		 * lines and pids, which take a path of their own). */
		if (i >= sizeof(values) / sizeof(values[0]) + 1000)
			v %= (uint64_t[]){ 10u, 100u, 1000u, 10000u, 100000u, 1000000u,
					   10000000u, 100000000u }[i % 8];

		*bench_fmt_u64(got, v) = 0;
		snprintf(want, sizeof(want), "%" PRIu64, v);
		CU_ASSERT_STRING_EQUAL(got, want);
	}
}

static void check_seconds(uint64_t ns, const char *want)
{
	char got[40];

	*bench_fmt_seconds(got, ns) = 0;
	CU_ASSERT_STRING_EQUAL(got, want);
}

static void test_seconds(void)
{
	unsigned int seed = 3;
	int i;

	check_seconds(0, "0.0");
	check_seconds(1, "0.000000001");
	check_seconds(1200, "0.0000012");
	check_seconds(1000000000, "1.0");
	check_seconds(1500000000, "1.5");
	check_seconds(123456789012, "123.456789012");
	check_seconds(5, "0.000000005");
	check_seconds(100000000, "0.1");
	check_seconds(120000000, "0.12");
	check_seconds(100000001, "0.100000001");
	check_seconds(999999999, "0.999999999");
	check_seconds(10000000010, "10.00000001");
	/* Against printf with the trailing zeros cut: above and below a
	 * second, and with 0 to 8 trailing zeros. */
	for (i = 0; i < 3000; i++) {
		uint64_t ns = ((uint64_t)rand_r(&seed) << 20) ^ (uint64_t)rand_r(&seed);
		static const uint64_t round_to[] = { 1, 10, 100, 1000, 10000, 100000,
						     1000000, 10000000, 100000000 };
		char got[40], want[40];
		size_t len;

		if (i % 3 == 1)
			ns %= 1000000000u;
		ns -= ns % round_to[(unsigned int)i % 9];
		len = (size_t)snprintf(want, sizeof(want), "%" PRIu64 ".%09" PRIu64,
				       ns / 1000000000u, ns % 1000000000u);
		while (want[len - 1] == '0' && want[len - 2] != '.')
			want[--len] = 0;
		*bench_fmt_seconds(got, ns) = 0;
		CU_ASSERT_STRING_EQUAL(got, want);
	}
}

static void test_iso8601(void)
{
	struct bench_time_cache cache;
	unsigned int seed = 11;
	int i;

	bench_time_cache_init(&cache);
	for (i = 0; i < 3000; i++) {
		/* 1970..2100, plus runs within one second to exercise the cache */
		int64_t sec = i % 3 ? 1700000000 + i / 3 : (int64_t)(rand_r(&seed) % 4102444800u);
		int64_t ns = sec * 1000000000 + rand_r(&seed) % 1000000000;
		time_t t = (time_t)sec;
		struct tm tm;
		char got[40], want[80];

		*bench_fmt_iso8601(got, ns, &cache) = 0;
		gmtime_r(&t, &tm);
		snprintf(want, sizeof(want), "%04d-%02d-%02dT%02d:%02d:%02d.%06d+00:00",
			 tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
			 tm.tm_sec, (int)(ns % 1000000000 / 1000));
		CU_ASSERT_STRING_EQUAL(got, want);
		CU_ASSERT_EQUAL(strlen(got), BENCH_FMT_ISO8601_LEN);
	}
}

static void test_leap_day(void)
{
	struct bench_time_cache cache;
	char got[40];

	bench_time_cache_init(&cache);
	/* 2024-02-29T23:59:59.999999 */
	*bench_fmt_iso8601(got, 1709251199999999000ll, &cache) = 0;
	CU_ASSERT_STRING_EQUAL(got, "2024-02-29T23:59:59.999999+00:00");
	*bench_fmt_iso8601(got, 0, &cache) = 0;
	CU_ASSERT_STRING_EQUAL(got, "1970-01-01T00:00:00.000000+00:00");
}

static void test_duration_units(void)
{
	char buf[32];

	bench_format_duration(buf, sizeof(buf), 7);
	CU_ASSERT_STRING_EQUAL(buf, "7.000 ns");
	bench_format_duration(buf, sizeof(buf), 999.4);
	CU_ASSERT_STRING_EQUAL(buf, "999.4 ns");
	bench_format_duration(buf, sizeof(buf), 12345);
	CU_ASSERT_STRING_EQUAL(buf, "12.35 us");
	bench_format_duration(buf, sizeof(buf), 2.5e6);
	CU_ASSERT_STRING_EQUAL(buf, "2.500 ms");
	bench_format_duration(buf, sizeof(buf), 61e9);
	CU_ASSERT_STRING_EQUAL(buf, "61.00 s");
}

int add_format_suite(void)
{
	CU_pSuite s = CU_add_suite("number and time formatting", NULL, NULL);

	if (!s ||
	    !CU_add_test(s, "integers", test_u64) ||
	    !CU_add_test(s, "seconds", test_seconds) ||
	    !CU_add_test(s, "ISO 8601 against gmtime_r", test_iso8601) ||
	    !CU_add_test(s, "leap day and epoch", test_leap_day) ||
	    !CU_add_test(s, "summary duration units", test_duration_units))
		return CU_get_error();
	return CUE_SUCCESS;
}
