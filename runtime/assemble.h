/*
 * assemble.h - joins a thread's fixed-size records into complete calls:
 * iteration durations and BENCH_TIME timings wait, per thread, for the
 * record of the call they belong to, then go to the sink with it.
 */
#ifndef BENCH_ASSEMBLE_H
#define BENCH_ASSEMBLE_H

#include "internal.h"
#include "record.h"
#include "ring.h"
#include "sink.h"

/* The sink assembled calls go to; set once at initialisation. */
void bench_assemble_set_sink(const struct bench_sink *sink);

/* Consumes one record of ring (a bench_ring_consume callback). */
void bench_assemble_record(struct bench_ring *ring, const struct bench_record *record);

/* Forgets parts still waiting for their call (its thread is gone, or
 * they are a fork parent's). */
void bench_assemble_reset(struct bench_ring *ring);

/* Parts waiting for their call on this ring. */
size_t bench_assemble_pending(const struct bench_ring *ring);

#endif /* BENCH_ASSEMBLE_H */
