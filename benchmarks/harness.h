/*
 * harness.h - timing and reporting helpers shared by the benchmark programs:
 * a monotonic clock, order statistics over repetitions, and the one line
 * format ("FIG key median min max unit") that run-bench turns into the table.
 */
#ifndef BENCH_HARNESS_H
#define BENCH_HARNESS_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define HARNESS_MAX_REPS 64

static inline uint64_t harness_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static inline uint64_t harness_clock_ns(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int harness_cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Median, min and max of N samples (N >= 1), printed for run-bench. */
static inline void harness_fig(const char *key, const double *samples, int n,
			       const char *unit)
{
	double s[HARNESS_MAX_REPS], med;

	if (n > HARNESS_MAX_REPS)
		n = HARNESS_MAX_REPS;
	memcpy(s, samples, (size_t)n * sizeof(*s));
	qsort(s, (size_t)n, sizeof(*s), harness_cmp_double);
	med = n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
	printf("FIG %s %.4f %.4f %.4f %s\n", key, med, s[0], s[n - 1], unit);
	fflush(stdout);
}

/* A single value (a count, a size): median = min = max. */
static inline void harness_value(const char *key, double v, const char *unit)
{
	harness_fig(key, &v, 1, unit);
}

/* Peak resident set of this process image, in KiB.  VmHWM rather than
 * getrusage's ru_maxrss: Linux carries ru_maxrss across execve, so a child
 * of a large runner would report the runner's peak. */
static inline long harness_maxrss_kb(void)
{
	char line[256];
	long kb = -1;
	FILE *f = fopen("/proc/self/status", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "VmHWM: %ld kB", &kb) == 1)
			break;
	fclose(f);
	return kb;
}

/* Positive integer argument with a default; exits on garbage so a typo in
 * the runner fails loudly instead of benchmarking zero calls. */
static inline long harness_arg(int argc, char **argv, int i, long def)
{
	char *end;
	long v;

	if (argc <= i)
		return def;
	v = strtol(argv[i], &end, 10);
	if (*end || v <= 0) {
		fprintf(stderr, "%s: bad count %s\n", argv[0], argv[i]);
		exit(2);
	}
	return v;
}

#endif
