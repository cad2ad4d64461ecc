/*
 * jsonparse.h - a strict little JSON parser for the tests: every line the
 * runtime writes must parse, and the tests then look fields up by path.
 */
#ifndef BENCH_TEST_JSONPARSE_H
#define BENCH_TEST_JSONPARSE_H

#include <stddef.h>

enum jv_type { JV_NULL, JV_BOOL, JV_NUMBER, JV_STRING, JV_ARRAY, JV_OBJECT };

struct jv {
	enum jv_type type;
	double number;       /* JV_NUMBER, JV_BOOL */
	char *string;        /* JV_STRING (UTF-8, NUL-terminated) */
	size_t length;       /* JV_STRING bytes; JV_ARRAY, JV_OBJECT members */
	struct jv **items;   /* JV_ARRAY, JV_OBJECT values */
	char **keys;         /* JV_OBJECT */
};

/* Parses all of text (whitespace around allowed); NULL if not valid JSON. */
struct jv *jv_parse(const char *text, size_t len);
void jv_free(struct jv *value);

/* Member lookup by dotted path ("call.name"); NULL when absent. */
const struct jv *jv_get(const struct jv *value, const char *path);
/* Convenience: the string/number at path, or NULL / -1. */
const char *jv_str(const struct jv *value, const char *path);
double jv_num(const struct jv *value, const char *path);
int jv_is_null(const struct jv *value, const char *path);

/* Lines of a JSON Lines text, each parsed; *bad counts lines that are not
 * valid JSON objects. */
struct jv_lines {
	struct jv **records;
	size_t count;
	size_t bad;
};

void jv_lines_parse(const char *text, size_t len, struct jv_lines *out);
void jv_lines_free(struct jv_lines *lines);

#endif /* BENCH_TEST_JSONPARSE_H */
