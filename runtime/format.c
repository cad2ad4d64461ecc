/*
 * format.c - integers, seconds and ISO 8601 times, written by hand for
 * the JSON Lines sink's throughput.
 */
#include "format.h"

#include <string.h>

const char bench_digit_pairs[201] =
	"00010203040506070809101112131415161718192021222324252627282930313233343536373839"
	"40414243444546474849505152535455565758596061626364656667686970717273747576777879"
	"8081828384858687888990919293949596979899";

/* value > 0: log10 from the bit length (1233/4096 ~ log10(2)), then one
 * comparison to correct it. */
static unsigned int decimal_digits(uint64_t value)
{
	static const uint64_t powers[20] = {
		1u, 10u, 100u, 1000u, 10000u, 100000u, 1000000u, 10000000u, 100000000u,
		1000000000u, 10000000000u, 100000000000u, 1000000000000u,
		10000000000000u, 100000000000000u, 1000000000000000u,
		10000000000000000u, 100000000000000000u, 1000000000000000000u,
		10000000000000000000u,
	};
	unsigned int guess = ((unsigned int)(64 - __builtin_clzll(value)) * 1233u) >> 12;

	return guess + (value >= powers[guess]);
}

/* Two digits of a pair table entry, as the low 16 bits of a word. */
static inline uint64_t digit_pair(uint32_t value)
{
	uint16_t pair;

	memcpy(&pair, bench_digit_pairs + 2 * value, 2);
	return pair;
}

/* 100 <= value < 10^8 (ids, lines, pids): eight digits as two independent
 * halves of two pairs, joined in a register and the leading zeros shifted
 * out.  Built in memory instead, the word was read back across four
 * 2-byte stores, which store forwarding cannot serve (a 12-cycle stall, a
 * tenth of the JSON Lines writer's time in perf).  Writes 8 bytes at p:
 * callers leave room for BENCH_FMT_U64_MAX. */
static char *fmt_below_10e8(char *p, uint32_t value)
{
	unsigned int n = 3u + (value >= 1000u) + (value >= 10000u) + (value >= 100000u) +
			 (value >= 1000000u) + (value >= 10000000u);
	uint32_t high = value / 10000u, low = value % 10000u;
	uint64_t word;

#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	/* The first digit is the lowest byte. */
	word = digit_pair(high / 100u) | digit_pair(high % 100u) << 16 |
	       digit_pair(low / 100u) << 32 | digit_pair(low % 100u) << 48;
	word >>= 8u * (8u - n);
#else
	word = digit_pair(high / 100u) << 48 | digit_pair(high % 100u) << 32 |
	       digit_pair(low / 100u) << 16 | digit_pair(low % 100u);
	word <<= 8u * (8u - n);
#endif
	memcpy(p, &word, 8);
	return p + n;
}

/* Written backwards in place: no temporary, no variable-length copy. */
char *bench_fmt_u64(char *p, uint64_t value)
{
	char *end, *t;

	if (value < 10) {
		*p = (char)('0' + value);
		return p + 1;
	}
	if (value < 100) {
		memcpy(p, bench_digit_pairs + 2 * value, 2);
		return p + 2;
	}
	if (value < 100000000u)
		return fmt_below_10e8(p, (uint32_t)value);
	end = p + decimal_digits(value);
	t = end;
	while (value >= 100) {
		unsigned int pair = (unsigned int)(value % 100);

		value /= 100;
		t -= 2;
		memcpy(t, bench_digit_pairs + 2 * pair, 2);
	}
	if (value >= 10)
		memcpy(t - 2, bench_digit_pairs + 2 * value, 2);
	else
		t[-1] = (char)('0' + value);
	return end;
}

/* Exactly width digits, zero-padded; two digits per division. */
static char *fmt_fixed(char *p, uint32_t value, int width)
{
	int i = width;

	while (i >= 2) {
		i -= 2;
		memcpy(p + i, bench_digit_pairs + 2 * (value % 100), 2);
		value /= 100;
	}
	if (i)
		p[0] = (char)('0' + value % 10);
	return p + width;
}

char *bench_fmt_seconds_whole(char *p, uint64_t ns)
{
	uint32_t fraction = (uint32_t)(ns % 1000000000u);

	p = bench_fmt_u64(p, ns / 1000000000u);
	*p++ = '.';
	if (!fraction) {
		*p++ = '0';
		return p;
	}
	return bench_fmt_fraction(p, fraction);
}

void bench_time_cache_init(struct bench_time_cache *cache)
{
	cache->second = INT64_MIN;
}

/* Proleptic Gregorian date of a day count since 1970-01-01. */
static void civil_from_days(int64_t days, int *year, unsigned int *month, unsigned int *day)
{
	int64_t z = days + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned int doe = (unsigned int)(z - era * 146097);
	unsigned int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	unsigned int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned int mp = (5 * doy + 2) / 153;

	*day = doy - (153 * mp + 2) / 5 + 1;
	*month = mp < 10 ? mp + 3 : mp - 9;
	*year = (int)(yoe + era * 400) + (*month <= 2);
}

static void format_second(struct bench_time_cache *cache, int64_t second)
{
	int64_t days = second >= 0 ? second / 86400 : (second - 86399) / 86400;
	uint32_t in_day = (uint32_t)(second - days * 86400);
	unsigned int month, day;
	int year;
	char *p = cache->text;

	civil_from_days(days, &year, &month, &day);
	if (year < 0 || year > 9999)
		year = year < 0 ? 0 : 9999; /* ISO 8601 without expansion */
	p = fmt_fixed(p, (uint32_t)year, 4);
	*p++ = '-';
	p = fmt_fixed(p, month, 2);
	*p++ = '-';
	p = fmt_fixed(p, day, 2);
	*p++ = 'T';
	p = fmt_fixed(p, in_day / 3600, 2);
	*p++ = ':';
	p = fmt_fixed(p, in_day / 60 % 60, 2);
	*p++ = ':';
	fmt_fixed(p, in_day % 60, 2);
	cache->second = second;
}

uint64_t bench_time_cache_fill(struct bench_time_cache *cache, int64_t wall_ns)
{
	int64_t second = wall_ns >= 0 ? wall_ns / 1000000000 : (wall_ns - 999999999) / 1000000000;

	format_second(cache, second);
	return (uint64_t)(wall_ns - second * 1000000000);
}
