/*
 * output.h - the file descriptor records are written to: opened at the
 * first write, whole buffers of complete lines per write(2), every failure
 * reported once and counted.
 */
#ifndef BENCH_OUTPUT_H
#define BENCH_OUTPUT_H

#include "internal.h"

/* path: "" for stderr, "-" for stdout, else a file appended to. */
void bench_output_configure(const char *path);

/* Writes len bytes holding `records` complete records; what cannot be
 * written is counted as lost.  Callers hold the drain lock. */
void bench_output_write(const char *buf, size_t len, uint64_t records);

/* Where to say what went wrong: stderr, always. */
#define BENCH_MESSAGE_FD 2

#endif /* BENCH_OUTPUT_H */
