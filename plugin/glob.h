/*
 * glob.h - shell-style wildcard patterns ('*', '?', '[...]', '\' escapes)
 * for function and file names: checked once when the config is read, then
 * matched without backtracking blow-up.  No GCC dependency.
 */
#ifndef BENCH_PLUGIN_GLOB_H
#define BENCH_PLUGIN_GLOB_H

#include <stddef.h>

/* NULL when PATTERN is a valid glob; otherwise a static description of the
 * first problem, with *OFFSET set to its byte offset in PATTERN. */
const char *bench_glob_check(const char *pattern, size_t *offset);

/* True when the whole of TEXT matches PATTERN (which passed the check).
 * '*' matches any bytes, '/' and ':' included; '?' one byte. */
bool bench_glob_match(const char *pattern, const char *text);

/* True when PATTERN contains no wildcard, so it names one thing. */
bool bench_glob_is_literal(const char *pattern);

#endif
