/*
 * count-records: read JSON Lines records on stdin too many for Python
 * (16 million) and check them cheaply: every line a whole object, the
 * calls per name, the distinct threads.  Prints one "key value" per line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_NAMES 64
#define MAX_THREADS 1024

static struct {
	char name[128];
	unsigned long calls;
} names[MAX_NAMES];
static int n_names;
static long threads[MAX_THREADS];
static int n_threads;

/* The value of "KEY": in LINE (spaces after the colon allowed), or NULL. */
static const char *field(const char *line, const char *key)
{
	const char *p = strstr(line, key);
	if (!p)
		return NULL;
	p += strlen(key);
	while (*p == ' ')
		p++;
	return p;
}

static void count_name(const char *value)
{
	char name[128];
	size_t n = 0;

	if (*value++ != '"')
		return;
	while (*value && *value != '"' && n < sizeof name - 1)
		name[n++] = *value++;
	name[n] = '\0';
	for (int i = 0; i < n_names; i++)
		if (strcmp(names[i].name, name) == 0) {
			names[i].calls++;
			return;
		}
	if (n_names < MAX_NAMES) {
		memcpy(names[n_names].name, name, n + 1);
		names[n_names++].calls = 1;
	}
}

static void count_thread(long tid)
{
	for (int i = 0; i < n_threads; i++)
		if (threads[i] == tid)
			return;
	if (n_threads < MAX_THREADS)
		threads[n_threads++] = tid;
}

int main(void)
{
	static char line[1 << 16];
	unsigned long lines = 0, bad = 0, calls = 0;
	int partial = 0;

	while (fgets(line, sizeof line, stdin)) {
		size_t len = strlen(line);
		if (len == 0 || line[len - 1] != '\n') {
			partial = 1;
			bad++;
			continue;
		}
		lines++;
		line[--len] = '\0';
		if (len < 2 || line[0] != '{' || line[len - 1] != '}') {
			bad++;
			continue;
		}
		const char *type = field(line, "\"type\":");
		if (!type || strncmp(type, "\"call\"", 6) != 0)
			continue;
		calls++;
		const char *call = strstr(line, "\"call\": {") ? strstr(line, "\"call\": {")
							  : strstr(line, "\"call\":{");
		const char *name = call ? field(call, "\"name\":") : NULL;
		const char *tid = call ? field(call, "\"thread\":") : NULL;
		if (!name || !tid) {
			bad++;
			continue;
		}
		count_name(name);
		count_thread(strtol(tid, NULL, 10));
	}
	printf("lines %lu\ncalls %lu\nbad %lu\npartial %d\nthreads %d\n", lines, calls, bad,
	       partial, n_threads);
	for (int i = 0; i < n_names; i++)
		printf("name %s %lu\n", names[i].name, names[i].calls);
	return 0;
}
