/*
 * scenarios.c - the task bodies of aiocop's scenarios and the frames they
 * run under.  Compiled twice (see scenarios.h): SCN_PREFIX names the copy.
 */
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "scenarios.h"

#define SCN_CAT2(a, b) a##b
#define SCN_CAT(a, b) SCN_CAT2(a, b)
#define SCN(name) SCN_CAT(SCN_PREFIX, name)

/* What aiocop's `await asyncio.sleep(0)` stands for: a little work that
 * is not a blocking call. */
#define TASK_WORK 32

#define NOINLINE __attribute__((noinline))

NOINLINE void SCN(task_pure)(void)
{
	scn_work(TASK_WORK);
}

NOINLINE void SCN(task_getcwd)(void)
{
	char buf[PATH_MAX];

	if (!getcwd(buf, sizeof(buf)))
		abort();
	scn_work(TASK_WORK);
}

NOINLINE void SCN(task_stat)(void)
{
	struct stat st;

	if (stat(".", &st) != 0)
		abort();
	scn_work(TASK_WORK);
}

NOINLINE void SCN(task_read)(void)
{
	char buf[100];
	int fd = open(scn_read_path, O_RDONLY);

	if (fd < 0 || read(fd, buf, sizeof(buf)) <= 0)
		abort();
	close(fd);
	scn_work(TASK_WORK);
}

/* aiocop's "realistic HTTP handler": 1 ms of (there asynchronous, here
 * CPU) work, os.path.exists (a stat), os.getcwd, 1 ms of work. */
NOINLINE void SCN(task_handler)(void)
{
	char buf[PATH_MAX];
	struct stat st;

	scn_work(scn_work_per_ms);
	if (stat(".", &st) != 0 || !getcwd(buf, sizeof(buf)))
		abort();
	scn_work(scn_work_per_ms);
}

typedef void (*task_fn)(void);

static const task_fn SCN(tasks)[SCN_COUNT] = {
	SCN(task_pure), SCN(task_getcwd), SCN(task_stat), SCN(task_read),
	SCN(task_handler),
};

/* The frames a task runs under.  In the bench_ copy they are instrumented
 * (scenarios.yaml), because a blocking event's trace is made of the open
 * instrumented frames: without them a trace depth of 5 or 20 would find
 * nothing to capture.  The asm after the call keeps it from being a tail
 * call, so every level is a real frame. */
NOINLINE void SCN(nest)(int depth, task_fn task)
{
	if (depth > 0)
		SCN(nest)(depth - 1, task);
	else
		task();
	__asm__ volatile("" ::: "memory");
}

void SCN(run_tasks)(enum scenario s, long tasks, int nest)
{
	for (long i = 0; i < tasks; i++)
		SCN(nest)(nest, SCN(tasks)[s]);
}

static long SCN(bare_calls);

/* Not a task: the bare wrapped call, made under the same open frames. */
NOINLINE static void SCN(getcwd_loop)(void)
{
	char buf[PATH_MAX];

	for (long i = 0; i < SCN(bare_calls); i++)
		if (!getcwd(buf, sizeof(buf)))
			abort();
}

void SCN(call_getcwd)(long calls, int nest)
{
	SCN(bare_calls) = calls;
	SCN(nest)(nest, SCN(getcwd_loop));
}
