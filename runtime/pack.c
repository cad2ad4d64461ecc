/*
 * pack.c - ring records in a few bytes each, relative to the one before.
 *
 * A packed record is a byte of flags saying which fields are not what the
 * previous record predicts, those fields, then the start (as a change from
 * the previous start) and the duration.  Predictions: the same kind, flags
 * and depth, the next id, the same parent, site and name, no CPU time.  A
 * loop calling one function meets all of them, and its start and duration
 * take a byte or two each.  Signed changes are zigzag varints (small
 * magnitudes, either sign, in few bytes): nested calls close in the order
 * inner, outer, so starts go backwards as often as forwards.
 */
#include "pack.h"

#include <stddef.h>
#include <string.h>

#define DIFF_HEADER 0x01u /* kind, flags, closed_by, reserved: 4 bytes */
#define DIFF_DEPTH  0x02u /* varint */
#define DIFF_ID     0x04u /* zigzag of id - (previous id + 1) */
#define DIFF_PARENT 0x08u /* zigzag of parent - previous parent */
#define DIFF_SITE   0x10u /* the pointer, 8 bytes */
#define DIFF_NAME   0x20u /* the pointer, 8 bytes */
#define HAS_CPU     0x40u /* varint */
#define DIFF_KNOWN  0x7fu

_Static_assert(1 + 4 + 5 + 10 + 10 + 8 + 8 + 10 + 10 + 10 <= BENCH_PACK_MAX,
	       "BENCH_PACK_MAX covers a record with every field unusual");

static inline uint64_t zigzag(uint64_t d)
{
	return (d << 1) ^ (uint64_t)((int64_t)d >> 63);
}

static inline uint64_t unzigzag(uint64_t z)
{
	return (z >> 1) ^ (uint64_t)-(int64_t)(z & 1);
}

static inline unsigned char *put_varint(unsigned char *p, uint64_t v)
{
	while (v >= 0x80) {
		*p++ = (unsigned char)(v | 0x80);
		v >>= 7;
	}
	*p++ = (unsigned char)v;
	return p;
}

/* Reads a varint of at most 10 bytes before end; NULL when cut short or
 * too long. */
static inline const unsigned char *get_varint(const unsigned char *p, const unsigned char *end,
					      uint64_t *v)
{
	uint64_t x = 0;

	for (unsigned int shift = 0; shift < 70 && p < end; shift += 7) {
		unsigned char b = *p++;

		x |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80)) {
			*v = x;
			return p;
		}
	}
	return NULL;
}

static inline unsigned char *put_bytes(unsigned char *p, const void *v, size_t n)
{
	memcpy(p, v, n);
	return p + n;
}

static inline const unsigned char *get_bytes(const unsigned char *p, const unsigned char *end,
					     void *v, size_t n)
{
	if ((size_t)(end - p) < n)
		return NULL;
	memcpy(v, p, n);
	return p + n;
}

_Static_assert(offsetof(struct bench_record, depth) == 4,
	       "kind, flags, closed_by and reserved are the record's first 4 bytes");

/* The four one-byte fields as one word, to compare and copy them at once. */
static inline uint32_t header_word(const struct bench_record *r)
{
	uint32_t w;

	memcpy(&w, r, sizeof(w));
	return w;
}

size_t bench_pack_record(struct bench_pack_state *s, const struct bench_record *r,
			 unsigned char *out)
{
	const struct bench_record *prev = &s->prev;
	unsigned char *p = out + 1;
	uint32_t header = header_word(r);
	unsigned int diff = 0;

	if (header != header_word(prev)) {
		diff |= DIFF_HEADER;
		p = put_bytes(p, &header, sizeof(header));
	}
	if (r->depth != prev->depth) {
		diff |= DIFF_DEPTH;
		p = put_varint(p, r->depth);
	}
	if (r->id != prev->id + 1) {
		diff |= DIFF_ID;
		p = put_varint(p, zigzag(r->id - (prev->id + 1)));
	}
	if (r->parent != prev->parent) {
		diff |= DIFF_PARENT;
		p = put_varint(p, zigzag(r->parent - prev->parent));
	}
	if (r->site != prev->site) {
		diff |= DIFF_SITE;
		p = put_bytes(p, &r->site, sizeof(r->site));
	}
	if (r->name != prev->name) {
		diff |= DIFF_NAME;
		p = put_bytes(p, &r->name, sizeof(r->name));
	}
	if (r->cpu_ns) {
		diff |= HAS_CPU;
		p = put_varint(p, r->cpu_ns);
	}
	p = put_varint(p, zigzag(r->start - prev->start));
	p = put_varint(p, zigzag(r->finish - r->start));
	out[0] = (unsigned char)diff;
	s->prev = *r;
	return (size_t)(p - out);
}

size_t bench_unpack_record(struct bench_pack_state *s, const unsigned char *in, size_t len,
			   struct bench_record *r)
{
	struct bench_record *prev = &s->prev;
	const unsigned char *p = in + 1, *end = in + len;
	unsigned int diff;
	uint64_t v, id, parent, start, finish, cpu_ns = 0;
	uint32_t header, depth;
	const struct bench_site *site;
	const char *name;

	if (!len || (in[0] & ~DIFF_KNOWN))
		return 0;
	diff = in[0];
	header = header_word(prev);
	if ((diff & DIFF_HEADER) && !(p = get_bytes(p, end, &header, sizeof(header))))
		return 0;
	depth = prev->depth;
	if (diff & DIFF_DEPTH) {
		if (!(p = get_varint(p, end, &v)) || v > UINT32_MAX)
			return 0;
		depth = (uint32_t)v;
	}
	id = prev->id + 1;
	if (diff & DIFF_ID) {
		if (!(p = get_varint(p, end, &v)))
			return 0;
		id += unzigzag(v);
	}
	parent = prev->parent;
	if (diff & DIFF_PARENT) {
		if (!(p = get_varint(p, end, &v)))
			return 0;
		parent += unzigzag(v);
	}
	site = prev->site;
	if ((diff & DIFF_SITE) && !(p = get_bytes(p, end, &site, sizeof(site))))
		return 0;
	name = prev->name;
	if ((diff & DIFF_NAME) && !(p = get_bytes(p, end, &name, sizeof(name))))
		return 0;
	if ((diff & HAS_CPU) && !(p = get_varint(p, end, &cpu_ns)))
		return 0;
	if (!(p = get_varint(p, end, &v)))
		return 0;
	start = prev->start + unzigzag(v);
	if (!(p = get_varint(p, end, &v)))
		return 0;
	finish = start + unzigzag(v);
	/* Field by field into both, never one copied from the other: a wide
	 * load of fields just stored one by one stalls on store forwarding
	 * (perf: half this function's time). */
	memcpy(r, &header, sizeof(header));
	memcpy(prev, &header, sizeof(header));
	r->depth = prev->depth = depth;
	r->id = prev->id = id;
	r->parent = prev->parent = parent;
	r->site = prev->site = site;
	r->name = prev->name = name;
	r->start = prev->start = start;
	r->finish = prev->finish = finish;
	r->cpu_ns = prev->cpu_ns = cpu_ns;
	return (size_t)(p - in);
}
