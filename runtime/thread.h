/*
 * thread.h - per-thread runtime state: the shadow stack of open frames,
 * the record ring, open BENCH_TIME blocks, setjmp depths, call ids.
 *
 * The state is reached through one initial-exec TLS pointer and lives in
 * its own mapping, so the static TLS block stays small.  States are never
 * unmapped: when a thread exits, the writer drains its ring (and merges
 * its fold table) and the next new thread reuses it.
 */
#ifndef BENCH_THREAD_H
#define BENCH_THREAD_H

#include "internal.h"
#include "clock.h"
#include "fold.h"
#include "ring.h"

#include <signal.h>
#include <sys/types.h>

#define BENCH_MAX_OPEN_TIMINGS 64u   /* nested BENCH_TIME blocks */
#define BENCH_JMP_SLOTS        16u   /* setjmp buffers remembered per thread */
#define BENCH_ID_BLOCK         1024u /* ids taken from the global counter at once */

/*
 * bench_thread.busy: 0, or who holds the thread's state.  The enter and exit
 * hooks also say which frame they are pushing or closing, so that a signal
 * handler that leaves them with siglongjmp leaves a state __bench_longjmp
 * can settle (hooks.c, settle_abandoned_hook).
 */
#define BENCH_BUSY           1u /* anything else */
#define BENCH_BUSY_ENTER     2u /* | token << 2: pushing frame token - 1 */
#define BENCH_BUSY_EXIT      3u /* | token << 2: closing frame token - 1 */
#define BENCH_BUSY_KIND(b)   ((uint32_t)(b) & 3u)
#define BENCH_BUSY_TOKEN(b)  ((uint32_t)(b) >> 2)
#define BENCH_BUSY_WITH(kind, token) ((int)((uint32_t)(token) << 2 | (kind)))

/* Tokens of BENCH_TIME blocks live apart from frame depths. */
#define BENCH_TIMING_TOKEN     (UINT64_C(1) << 32)

/* bench_frame.flags */
#define BENCH_FRAME_QUIET    0x01u /* inside a warm-up execution: not recorded */
#define BENCH_FRAME_WARMING  0x02u /* running one of its own warm-up executions */
#define BENCH_FRAME_ITERATED 0x04u /* its durations come from iteration records */
#define BENCH_FRAME_CPU      0x08u /* measures thread CPU time */
#define BENCH_FRAME_PARTS    0x10u /* had a BENCH_TIME block: closed off the fast path */
#define BENCH_FRAME_NONBLOCKING 0x20u /* its site must not block: counted in nonblocking_open */
#define BENCH_FRAME_PART_LOST 0x40u /* an iteration or timing of it was dropped */

struct bench_frame {
	const struct bench_site *site;
	const char *name;
	uint64_t id;
	uint64_t start;          /* ticks at entry */
	uint64_t iter_start;     /* ticks at the current iteration's start */
	uint64_t cpu_start;      /* thread CPU ns at entry */
	uint64_t iter_cpu_start; /* thread CPU ns at the current iteration's start */
	uint32_t flags;
	uint32_t reserved;
};

struct bench_open_timing {
	const struct bench_site *site;
	const char *name;
	uint64_t start;       /* ticks */
	uint64_t owner_id;    /* id of the call it belongs to */
	uint32_t owner_token; /* that call's token; 0: no call was open */
	uint32_t quiet;       /* the owner is not recorded */
};

struct bench_jmp_slot {
	const void *env;
	uint32_t depth;        /* frames open at setjmp */
	uint32_t open_timings; /* BENCH_TIME blocks open at setjmp */
	uint32_t in_blocking;  /* made inside the blocking hooks (a signal
				* handler that interrupted them) */
};

enum bench_thread_state {
	BENCH_THREAD_FREE,    /* reusable by a new thread */
	BENCH_THREAD_CLAIMED, /* being set up; the writer keeps off */
	BENCH_THREAD_LIVE,
	BENCH_THREAD_EXITED,  /* its thread is gone; drain then free */
};

struct bench_thread {
	/* Set while the runtime works on this thread (BENCH_BUSY*): a signal
	 * handler that finds it set must not touch anything below. */
	volatile sig_atomic_t busy;
	uint32_t depth;        /* open frames */
	uint32_t max_depth;    /* frames[] has room for this many (max_depth) */
	/* The hooks' fast paths run below this depth: max_depth, or 0
	 * while a warm-up runs or when the clock is not the TSC (one test
	 * for three reasons; see bench_thread_quiet_changed). */
	uint32_t fast_depth;
	uint32_t quiet;        /* open frames running a warm-up execution */
	uint32_t open_timings;
	/* Open frames of BENCH_SITE_NONBLOCKING sites: while there are none,
	 * a blocking call's context is decided without walking the frames. */
	uint32_t nonblocking_open;
	uint64_t next_id;
	uint64_t id_end;
	/* Summary mode: the calls this thread folds itself (fold.h); NULL
	 * in JSON Lines mode, where every call goes through the ring. */
	struct bench_fold_table *fold;
	struct bench_ring ring;

	uint32_t jmp_next;     /* slot the next unknown env replaces */
	/* The last setjmp made while busy (in a signal handler that
	 * interrupted the runtime, which resumes after the handler). */
	const void *busy_jmp_env;
	struct bench_jmp_slot jmp[BENCH_JMP_SLOTS];
	struct bench_open_timing timings[BENCH_MAX_OPEN_TIMINGS];

	int state;             /* enum bench_thread_state, atomic */
	int exit_rounds;       /* thread-specific data destructor rounds seen */
	struct bench_thread *next; /* registry: every state ever mapped */

	/* The shadow stack, max_depth frames (the mapping's pages are only
	 * touched as deep as calls go); deeper calls get token 0 (counted). */
	struct bench_frame frames[];
};

extern __thread struct bench_thread *bench_self;

/* What bench_self points to after the thread's exit handler ran: busy
 * forever, so late calls are counted, not recorded; it has no frames. */
extern struct bench_thread bench_thread_gone;

/* What bench_self points to in the runtime's own thread (the writer), and
 * in a vfork() child until it execs or exits (__bench_vfork_return): busy
 * forever, and its calls are neither recorded nor counted.  The writer
 * runs the program's code now and then (an instrumented malloc, called by
 * libdw); recording it, it filled its own ring and waited for room only
 * it could make (bash with its own malloc hung). */
extern struct bench_thread bench_thread_runtime;

/* Whether t is a thread's own state, not one of the two above. */
static inline int bench_thread_is_real(const struct bench_thread *t)
{
	return t && t != &bench_thread_gone && t != &bench_thread_runtime;
}

/* Sets up this thread's state (slow path of its first call); NULL when
 * impossible (counted as a drop). */
struct bench_thread *bench_thread_attach(void);

void bench_thread_refill_ids(struct bench_thread *t);

/* After any change of t->quiet (and at set-up). */
static inline void bench_thread_quiet_changed(struct bench_thread *t)
{
	t->fast_depth = t->quiet || !bench_clock_uses_tsc ? 0 : t->max_depth;
}

static inline uint64_t bench_thread_next_id(struct bench_thread *t)
{
	if (unlikely(t->next_id == t->id_end))
		bench_thread_refill_ids(t);
	return t->next_id++;
}

/* Registry walk; states are never removed, so no lock is needed. */
struct bench_thread *bench_thread_first(void);

static inline int bench_thread_state(const struct bench_thread *t)
{
	return __atomic_load_n(&t->state, __ATOMIC_ACQUIRE);
}

/* Writer, under the drain lock: an exited thread's ring is empty; adds its
 * folded calls to the summary and lets a new thread have the state. */
void bench_thread_release(struct bench_thread *t);

/* Fork child: only the calling thread exists, and it starts afresh. */
void bench_thread_after_fork_child(void);

/* Creates the key whose destructor closes a thread's frames at its exit. */
int bench_thread_init_key(void);

#endif /* BENCH_THREAD_H */
