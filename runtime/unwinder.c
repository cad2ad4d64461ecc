/*
 * unwinder.c - walks x86-64 stacks with a shared, lock-free cache of each
 * instruction's CFI rule, reduced to the few forms compilers emit for
 * ordinary frames.
 *
 * libgcc's _Unwind_Backtrace finds and interprets each frame's FDE again
 * on every walk (~120-170 ns a frame here); a program's blocking events
 * come from a few call paths, so the same return addresses recur and
 * their rules can be kept.  A rule here is: CFA = rsp or rbp + offset, the
 * return address at CFA-8, rbp saved at CFA+k or unchanged; or "outermost"
 * (the return address column undefined, as in _start and clone3).  Any
 * other form, a frame without an FDE (libgcc would try its sigreturn
 * fallback there) or an implausible stack declines the whole walk, and the
 * caller asks libgcc: the output is libgcc's in every case.
 *
 * dlclose can unmap code whose rules are cached, and dlopen map other code
 * at the same addresses: entries are tagged with an unload generation, and
 * an entry of another generation is stale.  The generation counts the
 * dlcloses made through this runtime's dlclose (below), which every
 * program and library call reaches, plus glibc's own count of unloads
 * (dlpi_subs) as the writer last read it (bench_unwind_refresh_unloads):
 * reading glibc's count takes its recursive loader lock (~10 ns), too much
 * for every walk.  What only glibc's count sees (unloads glibc makes
 * itself: iconv's modules; dlclose calls in a dlmopen namespace) is
 * noticed at the writer's next pass; glibc unloads only modules whose code
 * never calls the program's, so no rule of theirs is ever cached.
 */
#include "unwinder.h"

#include "interpose.h"
#include "writer.h"

#include <link.h>
#include <string.h>
#include <unwind.h>

/* libgcc's lookup of the FDE that covers pc (exported by libgcc_s and
 * libgcc_eh, declared in none of its installed headers). */
struct bench_dwarf_eh_bases {
	void *tbase, *dbase, *func;
};
extern const void *_Unwind_Find_FDE(void *pc, struct bench_dwarf_eh_bases *bases);

/* DWARF register numbers on x86-64. */
enum { REG_RBP = 6, REG_RSP = 7, REG_RA = 16 };

/* A frame's CFA must lie above its stack pointer and within this: a rule
 * that says otherwise is wrong for this stack, and libgcc decides. */
#define MAX_FRAME_BYTES (1u << 20)

/* ---------------------------------------------------------------- rules */

enum rule_kind {
	RULE_DECLINE = 1, /* not modelled: libgcc walks this stack */
	RULE_FRAME,       /* CFA, RA at CFA-8, rbp */
	RULE_OUTERMOST,   /* return address undefined: the walk ends */
};

/* One word, so that a cache entry is two: kind in bits 0-7, the CFA's
 * register rbp (else rsp) in bit 8, rbp saved in bit 9, rbp's slot's
 * offset from the CFA in bits 16-31, the CFA's offset in bits 32-63. */
typedef uint64_t rule_t;

#define RULE_CFA_RBP   0x100u
#define RULE_RBP_SAVED 0x200u

static rule_t rule_make(enum rule_kind kind, int cfa_rbp, int32_t cfa_off, int rbp_saved,
			int16_t rbp_off)
{
	return (rule_t)kind | (cfa_rbp ? RULE_CFA_RBP : 0) | (rbp_saved ? RULE_RBP_SAVED : 0) |
	       (uint64_t)(uint16_t)rbp_off << 16 | (uint64_t)(uint32_t)cfa_off << 32;
}

static enum rule_kind rule_kind(rule_t r) { return (enum rule_kind)(r & 0xff); }
static int32_t rule_cfa_off(rule_t r) { return (int32_t)(uint32_t)(r >> 32); }
static int16_t rule_rbp_off(rule_t r) { return (int16_t)(uint16_t)(r >> 16); }

/* ------------------------------------------------------ CFI interpreter */

struct reader {
	const uint8_t *p, *end;
	int bad;
};

/* A LEB128 number's bits; *bits says how many were read, for the sign. */
static uint64_t read_leb(struct reader *r, unsigned *bits)
{
	uint64_t v = 0;
	unsigned shift = 0;
	uint8_t b;

	do {
		if (r->p >= r->end || shift > 63) {
			r->bad = 1;
			*bits = 0;
			return 0;
		}
		b = *r->p++;
		v |= (uint64_t)(b & 0x7f) << shift;
		shift += 7;
	} while (b & 0x80);
	*bits = shift;
	return v;
}

static uint64_t read_uleb(struct reader *r)
{
	unsigned bits;

	return read_leb(r, &bits);
}

static int64_t read_sleb(struct reader *r)
{
	unsigned bits;
	uint64_t v = read_leb(r, &bits);

	/* The sign is the top bit read. */
	if (bits && bits < 64 && (v >> (bits - 1) & 1))
		v |= ~(uint64_t)0 << bits;
	return (int64_t)v;
}

static uint64_t read_fixed(struct reader *r, unsigned size)
{
	uint64_t v = 0;

	if ((size_t)(r->end - r->p) < size) {
		r->bad = 1;
		return 0;
	}
	memcpy(&v, r->p, size); /* little-endian */
	r->p += size;
	return v;
}

/* Skips a pointer of encoding enc (DW_EH_PE_*): only its size matters,
 * as the FDE's start comes from _Unwind_Find_FDE. */
static void skip_encoded(struct reader *r, uint8_t enc)
{
	if (enc == 0xff) /* omit */
		return;
	if ((enc & 0x70) == 0x50) { /* aligned */
		r->bad = 1;
		return;
	}
	switch (enc & 0x0f) {
	case 0x00: /* absptr */
	case 0x04: /* udata8 */
	case 0x0c: /* sdata8 */
		r->p += 8;
		break;
	case 0x02: /* udata2 */
	case 0x0a: /* sdata2 */
		r->p += 2;
		break;
	case 0x03: /* udata4 */
	case 0x0b: /* sdata4 */
		r->p += 4;
		break;
	case 0x01:
		read_uleb(r);
		break;
	case 0x09:
		read_sleb(r);
		break;
	default:
		r->bad = 1;
	}
	if (r->p > r->end)
		r->bad = 1;
}

enum how { HOW_SAME, HOW_OFFSET, HOW_UNDEFINED, HOW_OTHER };

struct cfa_row {
	int cfa_reg;
	int64_t cfa_off;
	enum how rbp_how, ra_how;
	int64_t rbp_off, ra_off;
};

struct cie_info {
	uint64_t code_align;
	int64_t data_align;
	uint8_t fde_enc;
	int has_z;
	const uint8_t *insns, *end;
};

/* Reads the CIE at cie; 0 if it is one this walker does not model. */
static int parse_cie(const uint8_t *cie, struct cie_info *out)
{
	uint32_t len, id;
	struct reader r;
	const char *aug;
	uint8_t version;
	uint64_t ra_column;

	memcpy(&len, cie, 4);
	memcpy(&id, cie + 4, 4);
	if (len == 0 || len == 0xffffffffu || id != 0)
		return 0;
	r.p = cie + 8;
	r.end = cie + 4 + len;
	r.bad = 0;
	version = (uint8_t)read_fixed(&r, 1);
	if (version != 1 && version != 3)
		return 0;
	aug = (const char *)r.p;
	while (r.p < r.end && *r.p)
		r.p++;
	if (r.p++ >= r.end)
		return 0;
	out->code_align = read_uleb(&r);
	out->data_align = read_sleb(&r);
	ra_column = version == 1 ? read_fixed(&r, 1) : read_uleb(&r);
	if (r.bad || ra_column != REG_RA)
		return 0;
	out->fde_enc = 0x00; /* absptr without 'R' */
	out->has_z = aug[0] == 'z';
	if (aug[0] && !out->has_z)
		return 0; /* "eh" and other old or foreign forms */
	if (out->has_z) {
		uint64_t aug_len = read_uleb(&r);
		const uint8_t *data_end = r.p + aug_len;

		if (r.bad || aug_len > (uint64_t)(r.end - r.p))
			return 0;
		for (const char *a = aug + 1; *a; a++) {
			switch (*a) {
			case 'R':
				out->fde_enc = (uint8_t)read_fixed(&r, 1);
				break;
			case 'L':
				read_fixed(&r, 1);
				break;
			case 'P': {
				uint8_t enc = (uint8_t)read_fixed(&r, 1);

				skip_encoded(&r, enc);
				break;
			}
			default: /* 'S' (signal frame) and anything unknown */
				return 0;
			}
			if (r.bad || r.p > data_end)
				return 0;
		}
		r.p = data_end;
	}
	out->insns = r.p;
	out->end = r.end;
	return !r.bad;
}

#define MAX_REMEMBERED 8

/*
 * Runs the CFA instructions in [p, end) whose location (start, advanced by
 * the advance_loc ones) is below limit, over row; initial is the CIE's row
 * for restore.  0 if an instruction is one this walker does not model.
 */
static int run_cfa(const uint8_t *p, const uint8_t *end, const struct cie_info *cie,
		   uintptr_t start, uintptr_t limit, struct cfa_row *row,
		   const struct cfa_row *initial)
{
	struct cfa_row remembered[MAX_REMEMBERED];
	unsigned nremembered = 0;
	struct reader r = { p, end, 0 };
	uintptr_t loc = start;

	while (r.p < r.end && loc < limit) {
		uint8_t op = *r.p++;
		uint64_t reg, delta = 0;
		int64_t off;

		switch (op >> 6) {
		case 1: /* advance_loc */
			loc += (op & 0x3f) * cie->code_align;
			continue;
		case 2: /* offset */
			reg = op & 0x3f;
			off = (int64_t)read_uleb(&r) * cie->data_align;
			goto set_offset;
		case 3: /* restore */
			reg = op & 0x3f;
			goto restore;
		}
		switch (op) {
		case 0x00: /* nop */
			break;
		case 0x02: /* advance_loc1 */
			delta = read_fixed(&r, 1);
			goto advance;
		case 0x03: /* advance_loc2 */
			delta = read_fixed(&r, 2);
			goto advance;
		case 0x04: /* advance_loc4 */
			delta = read_fixed(&r, 4);
		advance:
			loc += delta * cie->code_align;
			break;
		case 0x05: /* offset_extended */
			reg = read_uleb(&r);
			off = (int64_t)read_uleb(&r) * cie->data_align;
			goto set_offset;
		case 0x11: /* offset_extended_sf */
			reg = read_uleb(&r);
			off = read_sleb(&r) * cie->data_align;
		set_offset:
			if (reg == REG_RBP) {
				row->rbp_how = HOW_OFFSET;
				row->rbp_off = off;
			} else if (reg == REG_RA) {
				row->ra_how = HOW_OFFSET;
				row->ra_off = off;
			}
			break;
		case 0x06: /* restore_extended */
			reg = read_uleb(&r);
		restore:
			if (reg == REG_RBP) {
				row->rbp_how = initial->rbp_how;
				row->rbp_off = initial->rbp_off;
			} else if (reg == REG_RA) {
				row->ra_how = initial->ra_how;
				row->ra_off = initial->ra_off;
			}
			break;
		case 0x07: /* undefined */
			reg = read_uleb(&r);
			if (reg == REG_RBP)
				row->rbp_how = HOW_OTHER;
			else if (reg == REG_RA)
				row->ra_how = HOW_UNDEFINED;
			break;
		case 0x08: /* same_value */
			reg = read_uleb(&r);
			if (reg == REG_RBP)
				row->rbp_how = HOW_SAME;
			else if (reg == REG_RA)
				row->ra_how = HOW_OTHER;
			break;
		case 0x0a: /* remember_state */
			if (nremembered == MAX_REMEMBERED)
				return 0;
			remembered[nremembered++] = *row;
			break;
		case 0x0b: /* restore_state: the whole row, CFA included */
			if (nremembered == 0)
				return 0;
			*row = remembered[--nremembered];
			break;
		case 0x0c: /* def_cfa */
			row->cfa_reg = (int)read_uleb(&r);
			row->cfa_off = (int64_t)read_uleb(&r);
			break;
		case 0x12: /* def_cfa_sf */
			row->cfa_reg = (int)read_uleb(&r);
			row->cfa_off = read_sleb(&r) * cie->data_align;
			break;
		case 0x0d: /* def_cfa_register */
			row->cfa_reg = (int)read_uleb(&r);
			break;
		case 0x0e: /* def_cfa_offset */
			row->cfa_off = (int64_t)read_uleb(&r);
			break;
		case 0x13: /* def_cfa_offset_sf */
			row->cfa_off = read_sleb(&r) * cie->data_align;
			break;
		case 0x2e: /* GNU_args_size: the walk needs no argument size */
			read_uleb(&r);
			break;
		default: /* set_loc, register, expressions, val_*, vendor ops */
			return 0;
		}
		if (r.bad)
			return 0;
	}
	return !r.bad;
}

/* The rule at lookup, from its FDE: RULE_DECLINE for any form not modelled. */
static rule_t compute_rule(uintptr_t lookup)
{
	struct bench_dwarf_eh_bases bases;
	const uint8_t *fde = _Unwind_Find_FDE((void *)lookup, &bases);
	struct cfa_row row = { -1, 0, HOW_SAME, HOW_OTHER, 0, 0 }, initial;
	struct cie_info cie;
	struct reader r;
	uint32_t len;
	int32_t cie_delta;

	if (!fde)
		return RULE_DECLINE; /* libgcc may still know a signal frame here */
	memcpy(&len, fde, 4);
	memcpy(&cie_delta, fde + 4, 4);
	if (len == 0xffffffffu || len < 8 || cie_delta <= 0 ||
	    !parse_cie(fde + 4 - cie_delta, &cie))
		return RULE_DECLINE;
	if (!run_cfa(cie.insns, cie.end, &cie, 0, UINTPTR_MAX, &row, &row))
		return RULE_DECLINE;
	initial = row;
	r.p = fde + 8;
	r.end = fde + 4 + len;
	r.bad = 0;
	skip_encoded(&r, cie.fde_enc);        /* pc_begin */
	skip_encoded(&r, cie.fde_enc & 0x0f); /* pc_range */
	if (cie.has_z) {
		uint64_t aug_len = read_uleb(&r);

		if (aug_len > (uint64_t)(r.end - r.p))
			return RULE_DECLINE;
		r.p += aug_len;
	}
	if (r.bad || !run_cfa(r.p, r.end, &cie, (uintptr_t)bases.func, lookup + 1, &row, &initial))
		return RULE_DECLINE;
	if (row.ra_how == HOW_UNDEFINED)
		return rule_make(RULE_OUTERMOST, 0, 0, 0, 0);
	if ((row.cfa_reg != REG_RSP && row.cfa_reg != REG_RBP) || row.cfa_off <= 0 ||
	    row.cfa_off > (int64_t)MAX_FRAME_BYTES || row.ra_how != HOW_OFFSET || row.ra_off != -8)
		return RULE_DECLINE;
	if (row.rbp_how == HOW_OFFSET) {
		/* In the frame, below the CFA, so that the walk reads no
		 * further than the return address. */
		if (row.rbp_off >= 0 || row.rbp_off < INT16_MIN)
			return RULE_DECLINE;
	} else if (row.rbp_how != HOW_SAME) {
		return RULE_DECLINE;
	}
	return rule_make(RULE_FRAME, row.cfa_reg == REG_RBP, (int32_t)row.cfa_off,
			 row.rbp_how == HOW_OFFSET, (int16_t)row.rbp_off);
}

/* ---------------------------------------------------------------- cache */

/*
 * Open addressing, probed linearly over a short window.  A key is the
 * lookup address shifted left 16 bits, or'ed with the unload count it was
 * computed under (modulo 2^16: a stale rule could only be trusted again
 * after a multiple of 65536 dlcloses); 0 is a free slot, KEY_CLAIMED one
 * being written.  An entry's rule is written before its key is published
 * (release); a slot
 * is only ever rewritten when its entry is stale, so a reader checks the
 * key again after reading the rule.
 */
#define CACHE_BITS 14
#define CACHE_SLOTS (1u << CACHE_BITS)
#define CACHE_PROBES 16u
#define KEY_CLAIMED UINT64_MAX

struct cache_slot {
	uint64_t key;
	rule_t rule;
};

static struct cache_slot cache[CACHE_SLOTS];
static uint64_t declined, misses;
static uint64_t rules_rewritten; /* by bench_unwind_poison: see the memo */

static unsigned slot_of(uintptr_t lookup)
{
	return (unsigned)(((uint64_t)lookup * 0x9e3779b97f4a7c15ull) >> (64 - CACHE_BITS));
}

static int cache_get(uint64_t key, unsigned home, rule_t *out)
{
	for (unsigned i = 0; i < CACHE_PROBES; i++) {
		struct cache_slot *s = &cache[(home + i) & (CACHE_SLOTS - 1)];
		uint64_t k = __atomic_load_n(&s->key, __ATOMIC_ACQUIRE);

		if (k == 0)
			return 0;
		if (k == key) {
			rule_t rule = __atomic_load_n(&s->rule, __ATOMIC_RELAXED);

			__atomic_thread_fence(__ATOMIC_ACQUIRE);
			if (__atomic_load_n(&s->key, __ATOMIC_RELAXED) != key)
				return 0;
			*out = rule;
			return 1;
		}
	}
	return 0;
}

/* 0 if no free or stale slot is in the window: the rule is then looked
 * up each time (slower, never wrong). */
static int cache_put(uint64_t key, unsigned home, rule_t rule)
{
	for (unsigned i = 0; i < CACHE_PROBES; i++) {
		struct cache_slot *s = &cache[(home + i) & (CACHE_SLOTS - 1)];
		uint64_t k = __atomic_load_n(&s->key, __ATOMIC_RELAXED);

		if (k == key)
			return 1;
		if (k == KEY_CLAIMED || (k != 0 && (k & 0xffff) == (key & 0xffff)))
			continue;
		if (!__atomic_compare_exchange_n(&s->key, &k, KEY_CLAIMED, 0, __ATOMIC_ACQ_REL,
						 __ATOMIC_RELAXED))
			continue;
		__atomic_store_n(&s->rule, rule, __ATOMIC_RELAXED);
		__atomic_store_n(&s->key, key, __ATOMIC_RELEASE);
		return 1;
	}
	return 0;
}

/* dlcloses through the function below; glibc's count of unloads as last
 * read.  Their sum only grows, so it changes at every unload either sees. */
static uint64_t unloads_interposed, unloads_seen;

typedef int (*dlclose_fn)(void *);

/* Counted before the unload: a rule looked up from here on is the next
 * generation's, and no code can be mapped where the library was before
 * its unmapping (its rules would otherwise outlive it). */
BENCH_EXPORT int dlclose(void *handle)
{
	dlclose_fn real = BENCH_REAL(dlclose_fn, dlclose);
	int rc;

	bench_writer_before_unload(); /* records point into the library */
	__atomic_add_fetch(&unloads_interposed, 1, __ATOMIC_SEQ_CST);
	rc = real ? real(handle) : -1;
	bench_writer_after_unload();
	return rc;
}

static int read_unloads(struct dl_phdr_info *info, size_t size, void *arg)
{
	(void)size;
	*(unsigned long long *)arg = info->dlpi_subs;
	return 1; /* the counters are the same in every object's info */
}

void bench_unwind_refresh_unloads(void)
{
	unsigned long long subs = 0;

	dl_iterate_phdr(read_unloads, &subs);
	if (subs != __atomic_load_n(&unloads_seen, __ATOMIC_RELAXED))
		__atomic_store_n(&unloads_seen, (uint64_t)subs, __ATOMIC_SEQ_CST);
}

static uint64_t unload_generation(void)
{
	return (__atomic_load_n(&unloads_interposed, __ATOMIC_SEQ_CST) +
		__atomic_load_n(&unloads_seen, __ATOMIC_SEQ_CST)) & 0xffff;
}

static rule_t rule_for(uintptr_t lookup, uint64_t generation)
{
	uint64_t key = (uint64_t)lookup << 16 | generation;
	unsigned home = slot_of(lookup);
	rule_t rule;

	if (likely(cache_get(key, home, &rule)))
		return rule;
	__atomic_fetch_add(&misses, 1, __ATOMIC_RELAXED);
	rule = compute_rule(lookup);
	cache_put(key, home, rule);
	return rule;
}

int bench_unwind_poison(uintptr_t lookup)
{
	uint64_t key = (uint64_t)lookup << 16 | unload_generation();
	unsigned home = slot_of(lookup);
	rule_t decline_rule = rule_make(RULE_DECLINE, 0, 0, 0, 0);

	__atomic_add_fetch(&rules_rewritten, 1, __ATOMIC_RELAXED);
	/* Entries are otherwise never rewritten: a test's own hook. */
	for (unsigned i = 0; i < CACHE_PROBES; i++) {
		struct cache_slot *s = &cache[(home + i) & (CACHE_SLOTS - 1)];

		if (__atomic_load_n(&s->key, __ATOMIC_ACQUIRE) == key) {
			__atomic_store_n(&s->rule, decline_rule, __ATOMIC_RELEASE);
			return 1;
		}
	}
	return cache_put(key, home, decline_rule);
}

uint64_t bench_unwind_misses(void)
{
	return __atomic_load_n(&misses, __ATOMIC_RELAXED);
}

uint64_t bench_unwind_declined(void)
{
	return __atomic_load_n(&declined, __ATOMIC_RELAXED);
}

/* ----------------------------------------------------------------- walk */

/* Reads the stack words the rules point at: return addresses and saved
 * rbp in other frames, which ASan may see as another frame's memory. */
__attribute__((no_sanitize_address)) static uintptr_t stack_word(uintptr_t at)
{
	return *(const uintptr_t *)at;
}

static int decline(void)
{
	__atomic_fetch_add(&declined, 1, __ATOMIC_RELAXED);
	return BENCH_UNWIND_DECLINED;
}

/* The stack words a walk read, in order, for its memo (NULL: not kept). */
struct walk_reads {
	uintptr_t *pairs; /* address, value, address, value... */
	uint32_t n;
	int used_bp;      /* a CFA was computed from the starting rbp */
};

static inline uintptr_t read_word(uintptr_t at, struct walk_reads *reads)
{
	uintptr_t v = stack_word(at);

	if (reads) {
		reads->pairs[2 * reads->n] = at;
		reads->pairs[2 * reads->n + 1] = v;
		reads->n++;
	}
	return v;
}

static inline __attribute__((always_inline)) int
walk(const struct bench_unwind_regs *regs, uint64_t generation, void **pcs, int size,
     struct walk_reads *reads)
{
#if defined(__x86_64__) && defined(__linux__)
	uintptr_t pc = regs->pc, sp = regs->sp, bp = regs->bp;
	uintptr_t lookup = regs->after_call ? pc - 1 : pc;
	int n = 0, bp_is_start = 1;

	while (n < size) {
		uintptr_t cfa;
		rule_t rule;

		pcs[n++] = (void *)pc;
		if (pc == 0 || n == size)
			break;
		/* Below any code's address: garbage, and a key of 0. */
		if (lookup < 4096)
			return decline();
		rule = rule_for(lookup, generation);
		if (rule_kind(rule) == RULE_OUTERMOST) {
			pcs[n++] = NULL; /* libgcc reports a 0 return address, then stops */
			break;
		}
		if (rule_kind(rule) != RULE_FRAME)
			return decline();
		if ((rule & RULE_CFA_RBP) && bp_is_start && reads)
			reads->used_bp = 1;
		cfa = (rule & RULE_CFA_RBP ? bp : sp) + (uintptr_t)(intptr_t)rule_cfa_off(rule);
		if (cfa <= sp || cfa - sp > MAX_FRAME_BYTES || (cfa & 7))
			return decline();
		if (rule & RULE_RBP_SAVED) {
			uintptr_t slot = cfa + (uintptr_t)(intptr_t)rule_rbp_off(rule);

			if (slot < sp)
				return decline();
			bp = read_word(slot, reads);
			bp_is_start = 0;
		}
		pc = read_word(cfa - 8, reads);
		sp = cfa;
		lookup = pc - 1;
	}
	return n;
#else
	(void)regs;
	(void)generation;
	(void)pcs;
	(void)size;
	(void)reads;
	return decline();
#endif
}

int bench_unwind_walk(const struct bench_unwind_regs *regs, void **pcs, int size)
{
	return walk(regs, unload_generation(), pcs, size, NULL);
}

/* ----------------------------------------------------------------- memo */

/*
 * A walk is a function of its start registers, the unload generation, its
 * size, the cached rules and the stack words it reads; the rules are a
 * function of the code, hence of the generation (bench_unwind_poison,
 * which rewrites one, counts its rewrites).  So a walk from the same
 * registers that finds the same values at the same addresses it read last
 * time gives the same frames: checking that is a few independent loads,
 * where the walk is a chain of dependent ones (a rule, then the word it
 * points at, then the next rule), ~3 ns a frame cheaper here.  A thread's
 * blocking calls come from a few call paths, so a handful of entries
 * serves most of them.
 */
#define MEMO_ENTRIES 4u

struct memo_entry {
	/* bp: UINTPTR_MAX when the walk did not use it (code built without
	 * frame pointers keeps data there, which may differ at each call). */
	uintptr_t pc, sp, bp;
	uint64_t generation;
	uint64_t rewritten;
	int32_t after_call, size;
	uint32_t n;      /* frames; 0: an empty entry */
	uint32_t nreads; /* (address, value) pairs */
	/* nreads pairs (at most 2 per frame but the last), then n pcs */
	uintptr_t words[];
};

struct bench_unwind_memo {
	uint32_t size;  /* the largest walk kept */
	uint32_t next;  /* the entry replaced next */
	size_t entry_bytes;
	uint64_t hits;  /* for tests */
	unsigned char entries[];
};

static size_t memo_entry_bytes(uint32_t size)
{
	return sizeof(struct memo_entry) + (4u * size + size) * sizeof(uintptr_t);
}

static struct memo_entry *memo_entry(struct bench_unwind_memo *m, uint32_t i)
{
	return (struct memo_entry *)(m->entries + i * m->entry_bytes);
}

size_t bench_unwind_memo_bytes(int size)
{
	return sizeof(struct bench_unwind_memo) + MEMO_ENTRIES * memo_entry_bytes((uint32_t)size);
}

void bench_unwind_memo_init(struct bench_unwind_memo *m, int size)
{
	memset(m, 0, bench_unwind_memo_bytes(size));
	m->size = (uint32_t)size;
	m->entry_bytes = memo_entry_bytes((uint32_t)size);
}

void bench_unwind_memo_clear(struct bench_unwind_memo *m)
{
	for (uint32_t i = 0; i < MEMO_ENTRIES; i++)
		memo_entry(m, i)->n = 0;
}

static int memo_matches(const struct memo_entry *e, const struct bench_unwind_regs *regs,
			uint64_t generation, int size)
{
	uintptr_t differ = 0;

	if (e->n == 0 || e->pc != regs->pc || e->sp != regs->sp ||
	    (e->bp != UINTPTR_MAX && e->bp != regs->bp) ||
	    e->after_call != regs->after_call || e->size != size || e->generation != generation ||
	    e->rewritten != __atomic_load_n(&rules_rewritten, __ATOMIC_RELAXED))
		return 0;
	/* All the loads, then one test: they do not wait for each other. */
	for (uint32_t i = 0; i < e->nreads; i++)
		differ |= stack_word(e->words[2 * i]) ^ e->words[2 * i + 1];
	return differ == 0;
}

int bench_unwind_walk_memo(const struct bench_unwind_regs *regs, void **pcs, int size,
			   struct bench_unwind_memo *m)
{
	uint64_t generation = unload_generation();
	struct walk_reads reads;
	struct memo_entry *e;
	int n;

	if (!m || size <= 0 || (uint32_t)size > m->size)
		return walk(regs, generation, pcs, size, NULL);
	for (uint32_t i = 0; i < MEMO_ENTRIES; i++) {
		e = memo_entry(m, i);
		if (memo_matches(e, regs, generation, size)) {
			memcpy(pcs, e->words + 2 * e->nreads, e->n * sizeof(void *));
			m->hits++;
			return (int)e->n;
		}
	}
	e = memo_entry(m, m->next);
	m->next = (m->next + 1) % MEMO_ENTRIES;
	e->n = 0; /* empty until complete: the walk may decline */
	reads.pairs = e->words;
	reads.n = 0;
	reads.used_bp = 0;
	n = walk(regs, generation, pcs, size, &reads);
	/* UINTPTR_MAX stands for "any rbp" below: such a start is not kept. */
	if (n <= 0 || (reads.used_bp && regs->bp == UINTPTR_MAX))
		return n;
	e->pc = regs->pc;
	e->sp = regs->sp;
	e->bp = reads.used_bp ? regs->bp : UINTPTR_MAX;
	e->after_call = regs->after_call;
	e->size = size;
	e->generation = generation;
	e->rewritten = __atomic_load_n(&rules_rewritten, __ATOMIC_RELAXED);
	e->nreads = reads.n;
	memcpy(e->words + 2 * reads.n, pcs, (size_t)n * sizeof(void *));
	e->n = (uint32_t)n;
	return n;
}

uint64_t bench_unwind_memo_hits(const struct bench_unwind_memo *m)
{
	return m->hits;
}
