/*
 * Summary mode with what threads fold themselves and what still goes
 * through the ring side by side: 300 distinct functions on one thread
 * (more than its fold table holds), iterations, CPU time, BENCH_TIME
 * timings, a name option, a BENCH_RECORD block, threads that exit early
 * (their states reused by later threads) and one still running at exit.
 * Every count in the table must be exact.
 */
#include <bench.h>
#include <pthread.h>
#include <stdio.h>

#define F(n) __attribute__((bench)) __attribute__((noinline)) static void many_##n(void) \
	{ __asm__ volatile(""); }
#define F10(p) F(p##0) F(p##1) F(p##2) F(p##3) F(p##4) F(p##5) F(p##6) F(p##7) F(p##8) F(p##9)
#define F100(p) F10(p##0) F10(p##1) F10(p##2) F10(p##3) F10(p##4) \
	F10(p##5) F10(p##6) F10(p##7) F10(p##8) F10(p##9)
F100(1) F100(2) F100(3)

#define P(n) many_##n,
#define P10(p) P(p##0) P(p##1) P(p##2) P(p##3) P(p##4) P(p##5) P(p##6) P(p##7) P(p##8) P(p##9)
#define P100(p) P10(p##0) P10(p##1) P10(p##2) P10(p##3) P10(p##4) \
	P10(p##5) P10(p##6) P10(p##7) P10(p##8) P10(p##9)
static void (*const many[])(void) = { P100(1) P100(2) P100(3) };

static volatile unsigned sink;
static int spins; /* atomic: main waits on it */

__attribute__((bench)) static void hot(unsigned i) { sink += i; }
__attribute__((bench)) static void inner(unsigned i) { sink ^= i; }
__attribute__((bench)) static void outer(unsigned i) { inner(i); inner(i + 1); }
__attribute__((bench("iterations=3,warmup=2"))) static void iterated(unsigned i) { hot(i); }
__attribute__((bench("cpu"))) static void with_cpu(unsigned i) { sink += i * 3; }
__attribute__((bench("name=renamed"))) static void named(unsigned i) { sink -= i; }
__attribute__((bench)) static void worker_call(unsigned i) { sink += i; }
__attribute__((bench)) static void spinner(void) { sink++; }

__attribute__((bench)) static void timed(unsigned i)
{
	BENCH_TIME("phase") { sink += i; }
	BENCH_TIME("phase") { sink += i + 1; }
}

static void *worker(void *arg)
{
	unsigned n = (unsigned)(size_t)arg;

	for (unsigned i = 0; i < n; i++)
		worker_call(i);
	return NULL;
}

static void *spin_forever(void *arg)
{
	(void)arg;
	for (;;) {
		spinner();
		__atomic_add_fetch(&spins, 1, __ATOMIC_RELAXED);
	}
	return NULL;
}

static void run_worker(unsigned calls)
{
	pthread_t t;

	pthread_create(&t, NULL, worker, (void *)(size_t)calls);
	pthread_join(t, NULL);
}

int main(void)
{
	pthread_t spin;

	run_worker(2000);
	for (unsigned i = 0; i < 1000; i++)
		hot(i);
	for (unsigned i = 0; i < 500; i++)
		outer(i);
	for (int round = 0; round < 2; round++)
		for (unsigned i = 0; i < sizeof(many) / sizeof(many[0]); i++)
			many[i]();
	for (unsigned i = 0; i < 4; i++)
		iterated(i);
	for (unsigned i = 0; i < 10; i++)
		with_cpu(i);
	for (unsigned i = 0; i < 20; i++)
		timed(i);
	for (unsigned i = 0; i < 7; i++)
		named(i);
	for (unsigned i = 0; i < 5; i++)
		BENCH_RECORD("block") { sink += i; }
	for (int i = 0; i < 3; i++)
		run_worker(1000);
	/* Still calling when the program exits: its calls so far count. */
	pthread_create(&spin, NULL, spin_forever, NULL);
	while (__atomic_load_n(&spins, __ATOMIC_RELAXED) < 1000)
		;
	printf("done\n");
	return 0;
}
