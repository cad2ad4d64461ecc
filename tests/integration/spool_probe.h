/*
 * spool_probe.h - for the spool tests (t23x_spool_*, BENCH_SPOOL_DIR=@OUT@):
 * probe() writes ./probe, "spool: open" when a deleted file of the
 * current directory (the spool) is open, else "spool: none", so that a
 * test that should have spooled fails when nothing was.
 */
#ifndef BENCH_TEST_SPOOL_PROBE_H
#define BENCH_TEST_SPOOL_PROBE_H

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void probe(void)
{
	char cwd[PATH_MAX], path[64], link[PATH_MAX];
	const char *what = "spool: none";
	struct dirent *e;
	DIR *d = opendir("/proc/self/fd");
	FILE *f;

	if (!getcwd(cwd, sizeof(cwd)) || !d)
		return;
	while ((e = readdir(d))) {
		ssize_t n;

		snprintf(path, sizeof(path), "/proc/self/fd/%s", e->d_name);
		n = readlink(path, link, sizeof(link) - 1);
		if (n <= 0)
			continue;
		link[n] = 0;
		if (!strncmp(link, cwd, strlen(cwd)) && strstr(link, "(deleted)"))
			what = "spool: open";
	}
	closedir(d);
	f = fopen("probe", "w");
	if (f) {
		fprintf(f, "%s\n", what);
		fclose(f);
	}
}

#endif
