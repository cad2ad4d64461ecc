/* process.h - what every record says about its process: run id, pid, host. */
#ifndef BENCH_PROCESS_H
#define BENCH_PROCESS_H

#include "internal.h"
#include "uuid.h"

#include <sys/types.h>

struct bench_process {
	char run_id[BENCH_UUID_STRLEN + 1]; /* new in every process, forks too */
	pid_t pid;
	char hostname[256];
};

extern struct bench_process bench_process;

void bench_process_init(void);
/* A fork child is a new run of its own. */
void bench_process_after_fork_child(void);

/*
 * Whether this process was started by clone() without fork() (gtest's
 * death tests, which then exec), or is a vfork() child: no fork handler
 * ran, so the runtime's state is the parent's (a copy, or shared), its
 * locks may be held by threads that do not exist here, its records are
 * the parent's to write, and the stack may be a few KiB.  Such a process
 * must not flush, drain or wait for the writer: it leaves the records
 * alone, and what it records itself before exec or exit is not written.
 * A system call: for the slow paths only.
 */
int bench_process_is_clone(void);

#endif /* BENCH_PROCESS_H */
