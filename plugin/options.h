/*
 * options.h - the per-function options shared by the bench attribute and
 * the YAML rules: name, iterations, warmup, cpu, nonblocking.
 */
#ifndef BENCH_PLUGIN_OPTIONS_H
#define BENCH_PLUGIN_OPTIONS_H

/* A field left at -1 (or NULL) is unset, so that an attribute's options can
 * be laid over a rule's: the attribute wins field by field. */
struct bench_options {
	const char *name; /* recorded name; NULL: the function's own (heap copy) */
	int iterations;   /* >= 1 */
	int warmup;       /* >= 0 */
	int cpu;          /* 0 or 1 */
	int nonblocking;  /* 0 or 1 */
};

/* All fields unset. */
void bench_options_init(struct bench_options *opts);

/* Parse the attribute's comma-separated option string ("iterations=5,cpu").
 * Reports each problem with error_at(LOC) and returns false. */
bool bench_options_parse(const char *text, location_t loc, struct bench_options *opts);

/* Fill the unset fields of DST from SRC (DST = attribute, SRC = rule). */
void bench_options_merge(struct bench_options *dst, const struct bench_options *src);

#endif
