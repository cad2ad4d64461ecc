/*
 * scenario.h - runs a piece of instrumented-looking code in a forked child
 * with its own environment, so the runtime initialises afresh each time,
 * and collects its exit status, stdout, stderr and JSON Lines output.
 *
 * Scenarios drive the runtime as the plugin's code would, through
 * __bench_enter/__bench_exit with hand-made struct bench_site.
 */
#ifndef BENCH_TEST_SCENARIO_H
#define BENCH_TEST_SCENARIO_H

#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include "bench.h"
#include "jsonparse.h"

struct scenario_result {
	int status;           /* exit code, or 128 + signal */
	char *output;         /* the BENCH_OUTPUT file ("" if none) */
	size_t output_len;
	char *out;            /* the child's stdout */
	char *err;            /* the child's stderr */
	struct jv_lines records;
	char dir[64];         /* the scenario's temporary directory */
};

/*
 * env: NULL-terminated "NAME=value" entries set in the child after every
 * BENCH_* variable is removed and BENCH_OUTPUT points to a file in a fresh
 * directory ("-NAME" unsets NAME).  The child exits 0 when body returns.
 */
void scenario_run(void (*body)(void *), void *arg, const char *const *env,
		  struct scenario_result *r);
void scenario_free(struct scenario_result *r);

/* Records with call.name == name, and the nth of them (from 0). */
size_t scenario_count(const struct scenario_result *r, const char *name);
const struct jv *scenario_find(const struct scenario_result *r, const char *name, size_t nth);
/* The record with call.id == id. */
const struct jv *scenario_by_id(const struct scenario_result *r, double id);

/* Occurrences of needle in haystack. */
size_t count_substrings(const char *haystack, const char *needle);

/* In the child: fail the scenario (exit 99) with a message. */
#define CHILD_ASSERT(cond)                                                          \
	do {                                                                        \
		if (!(cond)) {                                                      \
			child_failed(__FILE__, __LINE__, #cond);                     \
		}                                                                   \
	} while (0)
void child_failed(const char *file, int line, const char *what) __attribute__((noreturn));

/* What the plugin emits around a function body. */
#define INSTRUMENTED(site, body)                                                    \
	do {                                                                        \
		uint64_t tok_ = __bench_active ? __bench_enter(site) : 0;           \
		body;                                                               \
		if (tok_)                                                           \
			__bench_exit(site, tok_);                                   \
	} while (0)

#define SITE(var, name, flags, iterations, warmup)                                  \
	static const struct bench_site var = { BENCH_ABI_VERSION, (flags), name,    \
		name, "test.c", __LINE__, 1, (iterations), (warmup) }

#endif /* BENCH_TEST_SCENARIO_H */
