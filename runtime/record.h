/*
 * record.h - the fixed-size binary records the hot path stores in a
 * thread's ring, and that the writer joins into complete calls.
 *
 * Every record is one 64-byte cache line.  A call's variable-length parts
 * (one duration per iteration, its BENCH_TIME timings) are records of their
 * own, stored on the same thread before the call's record and carrying the
 * call's id; see assemble.c.  A new kind of record (e.g. a blocking call)
 * gets a value here, its fields in the union, and a case in assemble.c.
 */
#ifndef BENCH_RECORD_H
#define BENCH_RECORD_H

#include "internal.h"

enum bench_record_kind {
	BENCH_RECORD_CALL = 1,  /* a closed call or BENCH_RECORD block */
	BENCH_RECORD_ITERATION, /* one timed execution of an open call */
	BENCH_RECORD_TIMING,    /* a BENCH_TIME block inside an open call */
	BENCH_RECORD_KIND_COUNT
};

enum bench_closed_by {
	BENCH_CLOSED_RETURN,  /* normal return or exception */
	BENCH_CLOSED_LONGJMP, /* skipped by a longjmp, closed on resync */
	BENCH_CLOSED_EXIT,    /* still open at process or thread exit */
	BENCH_CLOSED_EXEC,    /* still open when the process called exec */
};

/* bench_record.flags */
#define BENCH_RECORD_ITERATED 0x01u /* durations come from ITERATION records */
#define BENCH_RECORD_CPU      0x02u /* cpu_ns is valid */

struct bench_record {
	uint8_t kind;      /* enum bench_record_kind */
	uint8_t flags;     /* BENCH_RECORD_* */
	uint8_t closed_by; /* CALL: enum bench_closed_by */
	uint8_t reserved;
	uint32_t depth;    /* CALL: frames open below it */
	uint64_t id;       /* CALL: its id; ITERATION, TIMING: the owning call's */
	uint64_t parent;   /* CALL: the enclosing call's id, 0 at depth 0 */
	const struct bench_site *site;
	const char *name;  /* CALL, TIMING: the recorded name (never freed) */
	uint64_t start;    /* clock ticks */
	uint64_t finish;   /* clock ticks */
	uint64_t cpu_ns;   /* thread CPU time between start and finish */
};

_Static_assert(sizeof(struct bench_record) == 64, "a record is one cache line");

/* Fills a reserved ring slot: the one place that writes every field, so a
 * field added later cannot be left stale by one producer.  Inlined, it is
 * the same stores as writing the fields by hand on the hot path. */
static inline __attribute__((always_inline)) void
bench_record_fill(struct bench_record *r, unsigned int kind, unsigned int flags,
		  unsigned int closed_by, uint32_t depth, uint64_t id,
		  uint64_t parent, const struct bench_site *site, const char *name,
		  uint64_t start, uint64_t finish, uint64_t cpu_ns)
{
	r->kind = (uint8_t)kind;
	r->flags = (uint8_t)flags;
	r->closed_by = (uint8_t)closed_by;
	r->reserved = 0;
	r->depth = depth;
	r->id = id;
	r->parent = parent;
	r->site = site;
	r->name = name;
	r->start = start;
	r->finish = finish;
	r->cpu_ns = cpu_ns;
}

#endif /* BENCH_RECORD_H */
