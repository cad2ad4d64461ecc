/*
 * scenarios.h - aiocop's benchmark scenarios in C.  scenarios.c is compiled
 * twice into the same program: plainly (plain_*) and with the plugin and
 * scenarios.yaml (bench_*: tasks are nonblocking handlers, blocking libc
 * calls are wrapped), so every comparison runs in one process.
 */
#ifndef BENCH_SCENARIOS_H
#define BENCH_SCENARIOS_H

enum scenario {
	SCN_PURE,     /* pure work, no blocking call */
	SCN_GETCWD,   /* trivial blocking: getcwd */
	SCN_STAT,     /* light blocking: stat */
	SCN_READ,     /* moderate blocking: open + read 100 bytes + close */
	SCN_HANDLER,  /* realistic handler: 1 ms work, access, getcwd, 1 ms work */
	SCN_COUNT
};

/* Shared by both copies (defined in blocking_main.c, never instrumented). */
void scn_work(unsigned long iterations);
extern unsigned long scn_work_per_ms; /* calibrated at start-up */
extern const char *scn_read_path;     /* an existing file to read */

/* Runs TASKS tasks of scenario S, each called NEST frames deep (frames
 * that are instrumented in the bench_ copy) so that traces of up to 20
 * frames have frames to capture. */
void plain_run_tasks(enum scenario s, long tasks, int nest);
void bench_run_tasks(enum scenario s, long tasks, int nest);

/* CALLS bare getcwd calls (wrapped in the bench_ copy) in a loop that is
 * not a task, NEST frames deep. */
void plain_call_getcwd(long calls, int nest);
void bench_call_getcwd(long calls, int nest);

#endif
