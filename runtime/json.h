/* json.h - JSON string escaping that keeps valid UTF-8 as is. */
#ifndef BENCH_JSON_H
#define BENCH_JSON_H

#include "internal.h"

/* Room bench_json_escape may need for len input bytes. */
#define BENCH_JSON_ESCAPED_MAX(len) ((len) * 6)

/*
 * Writes src[0..len) as the inside of a JSON string (no quotes): '"' and
 * '\' and control characters escaped, valid UTF-8 copied, every byte of an
 * invalid sequence replaced by \ufffd.  Returns the bytes written.
 */
size_t bench_json_escape(char *dst, const char *src, size_t len);

/* Writes "src" (with the quotes) at dst; returns the end. */
char *bench_json_string(char *dst, const char *src);

#endif /* BENCH_JSON_H */
