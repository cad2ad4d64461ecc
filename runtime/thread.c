/*
 * thread.c - creating, registering, reusing and releasing per-thread
 * state, and closing a thread's frames when it exits.
 */
#include "thread.h"

#include "frame.h"
#include "loss.h"
#include "settings.h"
#include "writer.h"

#include <pthread.h>
#include <limits.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

__thread struct bench_thread *bench_self;

struct bench_thread bench_thread_gone = { .busy = 1 };
struct bench_thread bench_thread_runtime = { .busy = 1 };

/* A vfork() child runs on its parent's thread state (memory and TLS are
 * shared): what bench_self pointed to when the child took it over, and how
 * many vfork children deep the thread is (a child may vfork in turn). */
static __thread struct bench_thread *vfork_parent_self;
static __thread unsigned vfork_depth;

static struct bench_thread *registry;
static uint64_t next_id_block = 1; /* 0 means "no parent" */
static pthread_key_t exit_key;

void bench_thread_refill_ids(struct bench_thread *t)
{
	t->next_id = __atomic_fetch_add(&next_id_block, BENCH_ID_BLOCK, __ATOMIC_RELAXED);
	t->id_end = t->next_id + BENCH_ID_BLOCK;
}

struct bench_thread *bench_thread_first(void)
{
	return __atomic_load_n(&registry, __ATOMIC_ACQUIRE);
}

static pid_t current_tid(void)
{
	return (pid_t)syscall(SYS_gettid);
}

/* Every state has the same size: the settings are fixed by then. */
static size_t state_size(void)
{
	return (sizeof(struct bench_thread) +
		(size_t)bench_settings.max_depth * sizeof(struct bench_frame) + 63) & ~(size_t)63;
}

/* mmap, not malloc: a thread's first call may come from a signal handler. */
static struct bench_thread *map_state(void)
{
	uint32_t capacity = bench_ring_round_capacity(bench_settings.buffer);
	size_t size = state_size() + (size_t)capacity * sizeof(struct bench_record);
	struct bench_thread *t, *head;
	void *mem;

	mem = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED)
		return NULL;
	t = mem;
	t->state = BENCH_THREAD_CLAIMED;
	t->max_depth = bench_settings.max_depth;
	t->ring.slots = (struct bench_record *)((char *)mem + state_size());
	head = __atomic_load_n(&registry, __ATOMIC_RELAXED);
	do
		t->next = head;
	while (!__atomic_compare_exchange_n(&registry, &head, t, 1,
					    __ATOMIC_RELEASE, __ATOMIC_RELAXED));
	return t;
}

static struct bench_thread *claim_free_state(void)
{
	struct bench_thread *t;

	for (t = bench_thread_first(); t; t = t->next) {
		int expected = BENCH_THREAD_FREE;

		if (__atomic_compare_exchange_n(&t->state, &expected, BENCH_THREAD_CLAIMED,
						0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
			return t;
	}
	return NULL;
}

static void reset_state(struct bench_thread *t)
{
	struct bench_record *slots = t->ring.slots;
	struct bench_assembly *assembly = t->ring.assembly;

	t->busy = 0;
	t->exit_rounds = 0;
	t->depth = 0;
	t->nonblocking_open = 0;
	t->quiet = 0;
	bench_thread_quiet_changed(t);
	t->open_timings = 0;
	t->jmp_next = 0;
	memset(t->jmp, 0, sizeof(t->jmp));
	/* Ids stay: the rest of the block is still unused. */
	bench_ring_init(&t->ring, slots, bench_settings.buffer,
			bench_settings.buffer_policy == BENCH_POLICY_DROP);
	t->ring.assembly = assembly;
	t->ring.tid = current_tid();
	/* The summary is the only sink: calls are folded here, and the ring
	 * (mapped, never touched until then) serves only what cannot be. */
	if (bench_settings.format == BENCH_FORMAT_SUMMARY) {
		if (t->fold)
			bench_fold_reset(t->fold); /* a fork child's leftover */
		else
			t->fold = bench_fold_map();
	}
}

struct bench_thread *bench_thread_attach(void)
{
	struct bench_thread *t = claim_free_state();

	if (!t)
		t = map_state();
	if (!t) {
		bench_loss_drop(BENCH_DROP_NO_MEMORY);
		return NULL;
	}
	reset_state(t);
	__atomic_store_n(&t->state, BENCH_THREAD_LIVE, __ATOMIC_RELEASE);
	bench_self = t;
	/* The key's destructor closes our frames when the thread exits. */
	pthread_setspecific(exit_key, t);
	bench_writer_ensure_started();
	return t;
}

static void make_free(struct bench_thread *t)
{
	__atomic_store_n(&t->state, BENCH_THREAD_FREE, __ATOMIC_RELEASE);
}

void bench_thread_release(struct bench_thread *t)
{
	/* Its thread folded its last call, and drained its batch, before the
	 * state became EXITED. */
	if (t->fold) {
		bench_summary_merge_fold(t->fold);
		bench_fold_reset(t->fold);
	}
	make_free(t);
}

static void close_at_thread_exit(void *arg)
{
	struct bench_thread *t = arg;

	/* The program's own key destructors (googletest's thread-locals, any
	 * TSD cleanup) may run after this one in a round and still record:
	 * set the key again, so that glibc calls this again in its next
	 * round, and close the thread's calls in the round before its last,
	 * which the sanitizers keep for tearing the thread down. */
	if (++t->exit_rounds < PTHREAD_DESTRUCTOR_ITERATIONS - 1 &&
	    pthread_setspecific(exit_key, t) == 0)
		return;
	/* busy stays set: from now on this thread's calls are counted. */
	t->busy = 1;
	bench_signal_fence();
	bench_frame_unwind(t, 0, 0, bench_clock_ticks(), BENCH_CLOSED_EXIT);
	if (t->fold)
		bench_fold_drain(t->fold);
	bench_self = &bench_thread_gone;
	__atomic_store_n(&t->state, BENCH_THREAD_EXITED, __ATOMIC_RELEASE);
	bench_writer_kick();
}

int bench_thread_init_key(void)
{
	return pthread_key_create(&exit_key, close_at_thread_exit);
}

void bench_thread_after_fork_child(void)
{
	struct bench_thread *t;

	for (t = bench_thread_first(); t; t = t->next) {
		bench_ring_discard(&t->ring);
		if (t == bench_self) {
			/* Frames inherited from the parent are the parent's:
			 * their exits find no frame and are ignored. */
			t->depth = 0;
			t->nonblocking_open = 0;
			t->quiet = 0;
			bench_thread_quiet_changed(t);
			t->open_timings = 0;
			t->jmp_next = 0;
			memset(t->jmp, 0, sizeof(t->jmp));
			t->ring.tid = current_tid();
			/* The parent reports what this thread folded so far. */
			bench_fold_reset(t->fold);
		} else if (bench_thread_state(t) != BENCH_THREAD_FREE) {
			/* Not merged: the parent's calls; reset at reuse. */
			make_free(t);
		}
	}
}

/*
 * Called by the plugin's code right after each vfork() it sees, in both
 * processes.  The child's calls must not reach the parent's shadow stack,
 * ring or blocking state (nor set a thread state up for a thread that had
 * none), so until it execs or exits the thread is the runtime's: busy for
 * good, its calls neither recorded nor counted.  The parent resumes only
 * once its child has exec'd or exited, and takes its state back.
 */
void __bench_vfork_return(int ret)
{
	if (ret == 0) {
		if (vfork_depth++ == 0) {
			vfork_parent_self = bench_self;
			bench_self = &bench_thread_runtime;
		}
	} else if (ret > 0 && vfork_depth > 0) {
		if (--vfork_depth == 0) {
			bench_self = vfork_parent_self;
			vfork_parent_self = NULL;
		}
	}
}
