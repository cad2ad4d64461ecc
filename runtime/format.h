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

/* Each writes at p and returns the end; nothing is NUL-terminated. */
char *bench_fmt_u64(char *p, uint64_t value);
/* ns as decimal seconds, shortest exact form: 1200 -> "0.0000012", 0 -> "0.0". */
char *bench_fmt_seconds(char *p, uint64_t ns);

/* Remembers the last second formatted: consecutive records share it. */
struct bench_time_cache {
	int64_t second;
	char text[19]; /* YYYY-MM-DDTHH:MM:SS */
};

void bench_time_cache_init(struct bench_time_cache *cache);
/* wall_ns since the Unix epoch, as ISO 8601 UTC with microseconds. */
char *bench_fmt_iso8601(char *p, int64_t wall_ns, struct bench_time_cache *cache);

#endif /* BENCH_FORMAT_H */
