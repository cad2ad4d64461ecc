/*
 * line_pingpong.c - how far apart the machine's first two CPUs are: the
 * round trip of one cache line between a thread on each, in ns.
 *
 * bench's JSON Lines figures depend on it, because the writer reads each
 * ring slot on the other CPU before the producer writes it again.  On the
 * 2-vCPU VMs we measure on, it reads ~80 ns when the hypervisor has put the
 * vCPUs close and ~400 ns when far, and the placement changes from one
 * minute to the next; run-bench measures it around every per-call program.
 *
 * Usage: line-pingpong LABEL [TRIPS [REPS]]
 * Prints FIG LABEL.line_rtt (ns per round trip), or LABEL.line_rtt 0 when
 * the machine has one CPU (or the threads cannot be pinned).
 */
#define _GNU_SOURCE 1 /* CPU affinity */
#include <pthread.h>
#include <sched.h>
#include <stdio.h>

#include "harness.h"

static _Alignas(64) volatile uint64_t ball;
static long trips;

/* Pins the calling thread to cpu; with attr, the thread it will create. */
static int pin(int cpu, pthread_attr_t *attr)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (attr)
		return pthread_attr_setaffinity_np(attr, sizeof(set), &set);
	return pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
}

/* The other CPU's side: sends back every odd value as the next even one.
 * No pause in the spins: it would add its own latency to every trip. */
static void *returner(void *unused)
{
	(void)unused;
	for (long i = 0; i < trips; i++) {
		while (ball != 2 * (uint64_t)i + 1)
			;
		ball = 2 * (uint64_t)i + 2;
	}
	return NULL;
}

/* The first two CPUs this process may run on, or -1. */
static int two_cpus(int cpus[2])
{
	cpu_set_t set;
	int n = 0;

	if (sched_getaffinity(0, sizeof(set), &set) != 0)
		return -1;
	for (int c = 0; c < CPU_SETSIZE && n < 2; c++)
		if (CPU_ISSET(c, &set))
			cpus[n++] = c;
	return n == 2 ? 0 : -1;
}

int main(int argc, char **argv)
{
	const char *label = argc > 1 ? argv[1] : "machine";
	int reps = (int)harness_arg(argc, argv, 3, 5);
	double rtt[HARNESS_MAX_REPS] = { 0 };
	pthread_attr_t attr;
	int cpus[2];
	char key[128];

	trips = harness_arg(argc, argv, 2, 100000);
	if (reps > HARNESS_MAX_REPS)
		reps = HARNESS_MAX_REPS;
	snprintf(key, sizeof(key), "%s.line_rtt", label);
	/* Both pinned before the game starts: two spinning threads sharing
	 * one CPU would take a time slice per trip. */
	if (two_cpus(cpus) != 0 || pthread_attr_init(&attr) != 0 ||
	    pin(cpus[0], NULL) != 0 || pin(cpus[1], &attr) != 0) {
		harness_fig(key, rtt, 1, "ns");
		return 0;
	}
	for (int r = 0; r < reps; r++) {
		pthread_t other;
		uint64_t t0, t1;

		ball = 0;
		if (pthread_create(&other, &attr, returner, NULL) != 0) {
			harness_fig(key, rtt, 1, "ns");
			return 0;
		}
		t0 = harness_now_ns();
		for (long i = 0; i < trips; i++) {
			ball = 2 * (uint64_t)i + 1;
			while (ball != 2 * (uint64_t)i + 2)
				;
		}
		t1 = harness_now_ns();
		pthread_join(other, NULL);
		rtt[r] = (double)(t1 - t0) / (double)trips;
	}
	harness_fig(key, rtt, reps, "ns");
	return 0;
}
