/*
 * scenario.c - forked children with their own environment for tests that
 * need a freshly initialised runtime.
 */
#include "scenario.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>

extern char **environ;

void child_failed(const char *file, int line, const char *what)
{
	fprintf(stderr, "child assertion failed: %s:%d: %s\n", file, line, what);
	_exit(99);
}

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *text = NULL;
	size_t cap = 0, n = 0;

	if (f) {
		for (;;) {
			size_t got;

			if (cap - n < 65536) {
				cap = cap * 2 + 65536;
				text = realloc(text, cap + 1);
			}
			got = fread(text + n, 1, cap - n, f);
			n += got;
			if (!got)
				break;
		}
		fclose(f);
	}
	if (!text)
		text = malloc(1);
	text[n] = 0;
	if (len)
		*len = n;
	return text;
}

static void clear_bench_environment(void)
{
	char **e;

restart:
	for (e = environ; *e; e++) {
		if (!strncmp(*e, "BENCH_", 6)) {
			char name[256];
			size_t len = strcspn(*e, "=");

			if (len >= sizeof(name))
				len = sizeof(name) - 1;
			memcpy(name, *e, len);
			name[len] = 0;
			unsetenv(name);
			goto restart;
		}
	}
}

void scenario_run(void (*body)(void *), void *arg, const char *const *env,
		  struct scenario_result *r)
{
	char path[128];
	pid_t pid;
	int status;

	memset(r, 0, sizeof(*r));
	strcpy(r->dir, "/tmp/bench-unit-XXXXXX");
	if (!mkdtemp(r->dir)) {
		perror("mkdtemp");
		exit(2);
	}
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		int fd;

		clear_bench_environment();
		snprintf(path, sizeof(path), "%s/out.jsonl", r->dir);
		setenv("BENCH_OUTPUT", path, 1);
		for (; env && *env; env++) {
			if (**env == '-') {
				unsetenv(*env + 1);
			} else {
				char *copy = strdup(*env), *eq = strchr(copy, '=');

				*eq = 0;
				setenv(copy, eq + 1, 1);
				free(copy);
			}
		}
		snprintf(path, sizeof(path), "%s/stdout", r->dir);
		fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		dup2(fd, 1);
		close(fd);
		snprintf(path, sizeof(path), "%s/stderr", r->dir);
		fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		dup2(fd, 2);
		close(fd);
		body(arg);
		exit(0);
	}
	waitpid(pid, &status, 0);
	r->status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	snprintf(path, sizeof(path), "%s/out.jsonl", r->dir);
	r->output = read_file(path, &r->output_len);
	snprintf(path, sizeof(path), "%s/stdout", r->dir);
	r->out = read_file(path, NULL);
	snprintf(path, sizeof(path), "%s/stderr", r->dir);
	r->err = read_file(path, NULL);
	jv_lines_parse(r->output, r->output_len, &r->records);
	if (r->status == 99 || r->records.bad || getenv("BENCH_UNIT_VERBOSE"))
		fprintf(stderr, "\nscenario stderr:\n%s\n(%zu bad lines)\n", r->err, r->records.bad);
}

void scenario_free(struct scenario_result *r)
{
	char path[128];
	const char *const names[] = { "out.jsonl", "stdout", "stderr" };
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", r->dir, names[i]);
		unlink(path);
	}
	rmdir(r->dir);
	free(r->output);
	free(r->out);
	free(r->err);
	jv_lines_free(&r->records);
}

size_t scenario_count(const struct scenario_result *r, const char *name)
{
	size_t i, n = 0;

	for (i = 0; i < r->records.count; i++) {
		const char *got = jv_str(r->records.records[i], "call.name");

		if (got && !strcmp(got, name))
			n++;
	}
	return n;
}

const struct jv *scenario_find(const struct scenario_result *r, const char *name, size_t nth)
{
	size_t i;

	for (i = 0; i < r->records.count; i++) {
		const char *got = jv_str(r->records.records[i], "call.name");

		if (got && !strcmp(got, name) && nth-- == 0)
			return r->records.records[i];
	}
	return NULL;
}

const struct jv *scenario_by_id(const struct scenario_result *r, double id)
{
	size_t i;

	for (i = 0; i < r->records.count; i++)
		if (jv_num(r->records.records[i], "call.id") == id)
			return r->records.records[i];
	return NULL;
}

size_t count_substrings(const char *haystack, const char *needle)
{
	size_t n = 0;
	const char *p = haystack;

	while ((p = strstr(p, needle)) != NULL) {
		n++;
		p += strlen(needle);
	}
	return n;
}
