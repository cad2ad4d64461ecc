/*
 * pack.h - ring records in a few bytes each, for the spool: every field is
 * stored relative to the record before it in the same run, so a run of
 * calls of one function costs ~4 bytes a record instead of 64.
 *
 * A run starts from a zeroed record (bench_pack_start); packing and
 * unpacking walk it in the same order, so each side keeps its own copy of
 * "the record before".  Nothing is lost: any record packs, the unusual
 * ones (another site, a CPU time, a gap in the ids) only take more bytes.
 */
#ifndef BENCH_PACK_H
#define BENCH_PACK_H

#include "record.h"

#include <stddef.h>

/* The most bytes one record can take. */
#define BENCH_PACK_MAX 80

/* Where a run stands: the last record packed or unpacked. */
struct bench_pack_state {
	struct bench_record prev;
};

static inline void bench_pack_start(struct bench_pack_state *s)
{
	__builtin_memset(&s->prev, 0, sizeof(s->prev));
}

/* Packs r after the run's previous record into out (BENCH_PACK_MAX bytes
 * of room); returns the bytes used. */
size_t bench_pack_record(struct bench_pack_state *s, const struct bench_record *r,
			 unsigned char *out);

/* Unpacks the run's next record from in[0..len) into *r; returns the bytes
 * it took, 0 when in does not hold a whole, well-formed record. */
size_t bench_unpack_record(struct bench_pack_state *s, const unsigned char *in, size_t len,
			   struct bench_record *r);

#endif /* BENCH_PACK_H */
