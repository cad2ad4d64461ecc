/*
 * The output file is opened safely: a BENCH_OUTPUT that is a symlink (to
 * an existing file or dangling) is refused without touching the target,
 * and a new file gets mode 0644 limited by the umask.  The parent sets the
 * stage in RUNDIR and runs itself once per case; check.py inspects the
 * files.
 */
#define _GNU_SOURCE
#include <bench.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

__attribute__((bench)) static unsigned work(unsigned x)
{
	return x * 2654435761u + 3;
}

static int child(int which)
{
	unsigned x = (unsigned)which;
	for (int i = 0; i < 10; i++)
		x = work(x);
	printf("case %d: x=%x\n", which, x);
	return 0;
}

static void put(const char *rundir, const char *name, const char *text)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", rundir, name);
	FILE *f = fopen(path, "w");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

int main(int argc, char **argv)
{
	static const struct {
		const char *output;
		mode_t umask;
	} cases[] = {
		{ "link.jsonl", 022 },     /* symlink to an existing file */
		{ "dangling.jsonl", 022 }, /* symlink to a file not yet there */
		{ "mode-022.jsonl", 022 },
		{ "mode-077.jsonl", 077 },
		{ "mode-000.jsonl", 0 },
	};
	const char *rundir = getenv("T_RUNDIR");
	char path[4096], which[16];

	if (argc == 3 && strcmp(argv[1], "child") == 0)
		return child(atoi(argv[2]));
	if (!rundir || chdir(rundir) != 0)
		return 2;
	put(rundir, "target.txt", "precious\n");
	if (symlink("target.txt", "link.jsonl") != 0 ||
	    symlink("created-through-link.jsonl", "dangling.jsonl") != 0) {
		perror("symlink");
		return 1;
	}
	for (int k = 0; k < (int)(sizeof cases / sizeof cases[0]); k++) {
		snprintf(path, sizeof path, "%s/%s", rundir, cases[k].output);
		snprintf(which, sizeof which, "%d", k);
		fflush(stdout);
		pid_t pid = fork();
		if (pid == 0) {
			umask(cases[k].umask);
			setenv("BENCH_OUTPUT", path, 1);
			execl("/proc/self/exe", argv[0], "child", which, (char *)NULL);
			_exit(127);
		}
		int status;
		waitpid(pid, &status, 0);
		printf("case %d: exit %d\n", k, WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	}
	return 0;
}
