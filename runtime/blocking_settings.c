/*
 * blocking_settings.c - the blocking-call settings of a config's runtime:
 * section and of the environment, parsed and checked.
 */
#include "blocking.h"
#include "settings.h"
#include "stack.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static int parse_double(const char *value, double min, double max, double *out)
{
	char *end;
	double d;

	errno = 0;
	d = strtod(value, &end);
	if (errno || end == value || *end || !(d >= min && d <= max))
		return 0;
	*out = d;
	return 1;
}

static int parse_u32(const char *value, uint32_t max, uint32_t *out)
{
	unsigned long n;

	if (!bench_parse_uint(value, 0, max, &n))
		return 0;
	*out = (uint32_t)n;
	return 1;
}

const char *bench_blocking_setting(struct bench_blocking_settings *b, const char *key,
				   const char *value, int *known)
{
	*known = 1;
	if (!strcmp(key, "trace_depth")) {
		if (!parse_u32(value, BENCH_STACK_MAX_DEPTH, &b->trace_depth))
			return "frames, 0 to 64";
	} else if (!strcmp(key, "blocking_min_us")) {
		if (!parse_u32(value, UINT32_MAX, &b->min_us))
			return "microseconds, 0 or more";
	} else if (!strcmp(key, "on_violation")) {
		if (!strcmp(value, "record"))
			b->on_violation = BENCH_VIOLATION_RECORD;
		else if (!strcmp(value, "warn"))
			b->on_violation = BENCH_VIOLATION_WARN;
		else if (!strcmp(value, "abort"))
			b->on_violation = BENCH_VIOLATION_ABORT;
		else
			return "record, warn or abort";
	} else if (!strcmp(key, "sample")) {
		if (!parse_double(value, 0.0, 1.0, &b->sample))
			return "a share from 0 to 1";
	} else {
		*known = 0;
	}
	return NULL;
}

void bench_blocking_default_settings(struct bench_blocking_settings *b)
{
	b->trace_depth = BENCH_DEFAULT_TRACE_DEPTH;
	b->min_us = 0;
	b->on_violation = BENCH_VIOLATION_RECORD;
	b->sample = 1.0;
}
