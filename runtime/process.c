/*
 * process.c - identity of the recording process: a run id per process,
 * the pid and the host name.
 */
#include "process.h"

#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

struct bench_process bench_process;

void bench_process_init(void)
{
	struct utsname names;

	bench_uuid4(bench_process.run_id);
	bench_process.pid = getpid();
	if (uname(&names) == 0) {
		strncpy(bench_process.hostname, names.nodename, sizeof(bench_process.hostname) - 1);
		bench_process.hostname[sizeof(bench_process.hostname) - 1] = 0;
	} else {
		strcpy(bench_process.hostname, "unknown");
	}
}

int bench_process_is_clone(void)
{
	return bench_process.pid && getpid() != bench_process.pid;
}

void bench_process_after_fork_child(void)
{
	bench_uuid4(bench_process.run_id);
	bench_process.pid = getpid();
}
