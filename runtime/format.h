/*
 * format.h - hand-written number and time formatting for the JSON Lines
 * sink (printf would cost several times the whole record's budget).
 */
#ifndef BENCH_FORMAT_H
#define BENCH_FORMAT_H

#include "internal.h"

/* Longest outputs, for sizing buffers. */
#define BENCH_FMT_U64_MAX      20
#define BENCH_FMT_SECONDS_MAX  31
#define BENCH_FMT_ISO8601_LEN  32 /* 2026-11-21T23:03:24.963449+00:00 */

/* Each writes at p and returns the end; nothing is NUL-terminated.  They
 * may write scratch bytes past the end, within the _MAX of their kind. */
char *bench_fmt_u64(char *p, uint64_t value);

/* "00" to "99": two digits per lookup. */
extern const char bench_digit_pairs[201];

/* The nine digits of 0 < fraction < 10^9, without their trailing zeros. */
static inline char *bench_fmt_fraction(char *p, uint32_t fraction)
{
	uint32_t high = fraction / 100000u, low = fraction % 100000u;

	p[0] = (char)('0' + high / 1000u);
	__builtin_memcpy(p + 1, bench_digit_pairs + 2 * (high / 10u % 100u), 2);
	p[3] = (char)('0' + high % 10u);
	__builtin_memcpy(p + 4, bench_digit_pairs + 2 * (low / 1000u), 2);
	__builtin_memcpy(p + 6, bench_digit_pairs + 2 * (low / 10u % 100u), 2);
	p[8] = (char)('0' + low % 10u);
	p += 9;
	while (p[-1] == '0')
		p--;
	return p;
}

/* bench_fmt_seconds for a second or more, and for 0. */
char *bench_fmt_seconds_whole(char *p, uint64_t ns);

/* ns as decimal seconds, shortest exact form: 1200 -> "0.0000012", 0 -> "0.0".
 * Inline for the common case, a call shorter than a second. */
static inline char *bench_fmt_seconds(char *p, uint64_t ns)
{
	if (unlikely(ns - 1 >= 999999999u))
		return bench_fmt_seconds_whole(p, ns);
	p[0] = '0';
	p[1] = '.';
	return bench_fmt_fraction(p + 2, (uint32_t)ns);
}

/* Remembers the last second formatted: consecutive records share it. */
struct bench_time_cache {
	int64_t second;
	char text[19]; /* YYYY-MM-DDTHH:MM:SS */
};

void bench_time_cache_init(struct bench_time_cache *cache);
/* Caches wall_ns's second; returns the nanoseconds into it. */
uint64_t bench_time_cache_fill(struct bench_time_cache *cache, int64_t wall_ns);

/* wall_ns since the Unix epoch, as ISO 8601 UTC with microseconds.
 * Inline: within the cached second it is a subtraction, three digit
 * pairs and three copies of constant length. */
static inline char *bench_fmt_iso8601(char *p, int64_t wall_ns, struct bench_time_cache *cache)
{
	/* The nanoseconds into the cached second, in unsigned arithmetic:
	 * below 10^9 exactly when wall_ns falls within it. */
	uint64_t into = (uint64_t)wall_ns - (uint64_t)cache->second * 1000000000u;
	uint32_t micros;

	if (unlikely(into >= 1000000000u || cache->second == INT64_MIN))
		into = bench_time_cache_fill(cache, wall_ns);
	micros = (uint32_t)into / 1000u;
	__builtin_memcpy(p, cache->text, sizeof(cache->text));
	p[sizeof(cache->text)] = '.';
	p += sizeof(cache->text) + 1;
	__builtin_memcpy(p, bench_digit_pairs + 2 * (micros / 10000u), 2);
	__builtin_memcpy(p + 2, bench_digit_pairs + 2 * (micros / 100u % 100u), 2);
	__builtin_memcpy(p + 4, bench_digit_pairs + 2 * (micros % 100u), 2);
	__builtin_memcpy(p + 6, "+00:00", 6);
	return p + 12;
}

#endif /* BENCH_FORMAT_H */
