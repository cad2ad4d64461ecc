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

#endif /* BENCH_PROCESS_H */
