/*
 * A small "parser" timed with the bench attribute: build it with bench-cc,
 * run it, and read the summary table on stderr (or set BENCH_OUTPUT=x.jsonl).
 */
#include <bench.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Every call of parse_number is a record. */
__attribute__((bench)) static long parse_number(const char *s, const char **end)
{
	long v = 0;
	while (*s >= '0' && *s <= '9')
		v = v * 10 + (*s++ - '0');
	*end = s;
	return v;
}

__attribute__((bench)) static long sum_line(const char *line)
{
	long total = 0;
	while (*line) {
		const char *end;
		total += parse_number(line, &end);
		line = *end ? end + 1 : end;
	}
	return total;
}

/* microbench-style: warm up twice, then time five executions per call. */
__attribute__((bench("iterations=5,warmup=2,name=checksum"))) static unsigned long
checksum(const char *buf, size_t n)
{
	unsigned long h = 5381;
	for (size_t i = 0; i < n; i++)
		h = h * 33 + (unsigned char)buf[i];
	return h;
}

int main(void)
{
	static char text[1 << 16];
	size_t len = 0;
	long grand = 0;

	BENCH_RECORD("generate") {
		for (int i = 0; len + 16 < sizeof text; i++)
			len += (size_t)snprintf(text + len, sizeof text - len, "%d,%d\n", i, i * 7);
	}
	BENCH_RECORD("parse all") {
		char *save = NULL;
		for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
			grand += sum_line(line);
	}
	printf("sum %ld, checksum %lx\n", grand, checksum(text, len));
	return 0;
}
