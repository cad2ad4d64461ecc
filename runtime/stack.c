/*
 * stack.c - captures and names the trace of a blocking event.
 *
 * Why the shadow stack and not an unwinder: the runtime already keeps, per
 * thread, the instrumented frames that are open, each with a descriptor
 * naming its function, file and line.  Copying a few of those pointers costs
 * about a nanosecond per frame, needs no frame pointers in the user's code,
 * no warm-up, and no symbolisation at all: the names were fixed at compile
 * time.  The frames are the ones the source shows, at every optimisation
 * level (the plugin instruments before inlining), so a trace names the
 * nonblocking handler even when the compiler merged it into its caller.
 * An unwinder (backtrace()/unw_backtrace, ~47 ns at depth 5 after a
 * ~200 us first call) would add the uninstrumented frames, but those change
 * with inlining and most of them cannot be named without DWARF (static
 * functions, executables without -rdynamic): dladdr knows only exported
 * symbols, and reading DWARF (libdw) would add a dependency for frames that
 * are mostly noise.  Frame 0 still gives the exact caller of the blocking
 * function, uninstrumented or not, from the call-site descriptor the plugin
 * emitted, and its code address from the hook's return address.
 */
#include "stack.h"

#include "format.h"
#include "json.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int same_function(const struct bench_site *site, const struct bench_call_site *call)
{
	const char *name = site->function ? site->function : site->name;

	return name && call->caller && site->file && call->file &&
	       strcmp(name, call->caller) == 0 && strcmp(site->file, call->file) == 0;
}

void bench_stack_capture(struct bench_stack *s, const struct bench_thread *t,
			 const struct bench_call_site *call, const void *return_address,
			 uint32_t max_depth)
{
	uint32_t open = t ? t->depth : 0, n = 0;

	s->call = call;
	s->return_address = return_address;
	s->reserved = 0;
	if (max_depth == 0) {
		s->depth = 0;
		return;
	}
	if (open > BENCH_MAX_DEPTH)
		open = BENCH_MAX_DEPTH;
	/* A caller that is itself instrumented is the innermost open frame:
	 * frame 0 already stands for it, with the call's own line. */
	if (open && same_function(t->frames[open - 1].site, call))
		open--;
	while (n + 1 < max_depth && n < open) {
		s->sites[n] = t->frames[open - 1 - n].site;
		n++;
	}
	s->depth = n + 1;
}

void bench_stack_frame(const struct bench_stack *s, uint32_t i, struct bench_trace_frame *out)
{
	if (i == 0) {
		out->function = s->call->caller;
		out->file = s->call->file;
		out->line = s->call->line;
		out->address = s->return_address;
		return;
	}
	const struct bench_site *site = s->sites[i - 1];
	out->function = site->function ? site->function : site->name;
	out->file = site->file;
	out->line = site->line;
	/* Descriptors name the function, not where it is in memory. */
	out->address = NULL;
}

size_t bench_stack_json_string(char *buf, size_t cap, const char *s)
{
	if (!s) {
		if (cap < 5)
			return 0;
		memcpy(buf, "null", 5);
		return 4;
	}
	if (BENCH_JSON_ESCAPED_MAX(strlen(s)) + 3 > cap)
		return 0;
	return (size_t)(bench_json_string(buf, s) - buf);
}

/* As printf's %p: "0x" and lowercase hex digits without leading zeros. */
static char *put_pointer(char *p, const void *ptr)
{
	uintptr_t v = (uintptr_t)ptr;
	char digits[2 * sizeof(v)];
	int len = 0;

	do {
		digits[len++] = "0123456789abcdef"[v & 15];
		v >>= 4;
	} while (v);
	*p++ = '0';
	*p++ = 'x';
	while (len)
		*p++ = digits[--len];
	return p;
}

/* The longest tail of a frame: , "line": N, "address": "0x..."} */
#define FRAME_TAIL_MAX (10 + BENCH_FMT_U64_MAX + 13 + 2 + 2 + 2 * sizeof(void *) + 1)

/* By hand, not snprintf: the writer formats the trace of every event. */
size_t bench_stack_format_json(const struct bench_stack *s, char *buf, size_t cap)
{
	size_t n = 0, k;

	if (cap < 3)
		return 0;
	buf[n++] = '[';
	for (uint32_t i = 0; i < s->depth; i++) {
		struct bench_trace_frame f;
		char *p;

		bench_stack_frame(s, i, &f);
		if (cap - n < 64)
			return 0;
		if (i) {
			memcpy(buf + n, ", ", 2);
			n += 2;
		}
		memcpy(buf + n, "{\"function\": ", 13);
		n += 13;
		if (!(k = bench_stack_json_string(buf + n, cap - n, f.function)))
			return 0;
		n += k;
		if (cap - n < 16)
			return 0;
		memcpy(buf + n, ", \"file\": ", 10);
		n += 10;
		if (!(k = bench_stack_json_string(buf + n, cap - n, f.file)))
			return 0;
		n += k;
		if (cap - n <= FRAME_TAIL_MAX)
			return 0;
		p = buf + n;
		memcpy(p, ", \"line\": ", 10);
		p = bench_fmt_u64(p + 10, (unsigned)f.line);
		memcpy(p, ", \"address\": ", 13);
		p += 13;
		if (f.address) {
			*p++ = '"';
			p = put_pointer(p, f.address);
			*p++ = '"';
		} else {
			memcpy(p, "null", 4);
			p += 4;
		}
		*p++ = '}';
		n = (size_t)(p - buf);
	}
	if (cap - n < 2)
		return 0;
	buf[n++] = ']';
	buf[n] = '\0';
	return n;
}

void bench_stack_print(const struct bench_stack *s, int fd)
{
	char buf[4096];
	size_t n = 0;

	for (uint32_t i = 0; i < s->depth && n < sizeof(buf) - 1; i++) {
		struct bench_trace_frame f;
		int k;

		bench_stack_frame(s, i, &f);
		k = snprintf(buf + n, sizeof(buf) - n, "    at %s (%s:%u)\n",
			     f.function ? f.function : "?", f.file ? f.file : "?",
			     (unsigned)f.line);
		if (k < 0)
			break;
		n += (size_t)k < sizeof(buf) - n ? (size_t)k : sizeof(buf) - 1 - n;
	}
	if (n && write(fd, buf, n) < 0)
		return; /* stderr gone: nothing better to do */
}
