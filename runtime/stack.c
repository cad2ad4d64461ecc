/*
 * stack.c - captures and names the trace of a blocking event.
 *
 * Two sources, merged.  The unwinder (DWARF CFI, so no frame pointers are
 * needed in the user's code) gives the real return addresses,
 * uninstrumented functions included; symbols.c names them off
 * the hot path, with the functions inlined at each address when the code
 * has DWARF.  The runtime's shadow stack gives the instrumented frames
 * open on the thread, named at compile time: they fill in handlers the
 * optimiser inlined into their callers in code built without -g, which
 * the unwinder cannot see.  Names are looked up when the event is written,
 * printed or given to a callback.
 *
 * The unwinder is unwinder.c's walker, which caches each return address's
 * CFI rule (~7 ns a frame here; ~3 ns less for a stack walked before,
 * from the thread's memo), and libgcc's _Unwind_Backtrace for the
 * stacks it declines (signal frames, rules it does not model): libgcc
 * reads the unwind tables afresh each time, ~120-170 ns a frame.  Both are
 * inlined into the blocking hook's slow path so that they walk no frame of
 * the runtime's own but two.  libunwind's unw_backtrace also caches what
 * it learns (~10 ns a frame) but is not used: to validate addresses it keeps a pipe on two of the program's
 * descriptor numbers, and when a trace crosses a signal frame it reads,
 * writes and may close and reopen them (seen with strace in t118), which
 * would touch the program's own files once it reused those numbers.
 */
#include "stack.h"

#include "format.h"
#include "json.h"
#include "symbols.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The code plugin/blocking.cc generates for calls through pointers. */
static const char forwarder_suffix[] = ".bench_ptr";

static int same_function(const struct bench_site *site, const struct bench_call_site *call)
{
	const char *name = site->function ? site->function : site->name;

	return name && call->caller && site->file && call->file &&
	       strcmp(name, call->caller) == 0 && strcmp(site->file, call->file) == 0;
}

_Unwind_Reason_Code bench_stack_store_frame(struct _Unwind_Context *context, void *arg)
{
	struct bench_unwind_into *into = arg;

	if (into->count == into->size)
		return _URC_END_OF_STACK;
	into->pcs[into->count++] = (void *)_Unwind_GetIP(context);
	return _URC_NO_REASON;
}

void bench_stack_warm_up(void)
{
	void *pcs[4];

	/* The first unwind sets up libgcc's tables (up to ~0.5 ms), which the
	 * walker's lookups use too; libgcc's own walk has its own set-up. */
	bench_stack_unwind(pcs, 4);
	bench_stack_unwind_libgcc(pcs, 4);
}

void bench_stack_capture_trace(struct bench_stack *s, const struct bench_thread *t,
			       const struct bench_call_site *call, const void *return_address,
			       void *const *pcs, int got, int size, uint32_t max_depth)
{
	uint32_t open = t ? t->depth : 0, nsites = 0, npcs = 0;
	int i;

	s->call = call;
	s->depth = max_depth;
	s->flags = 0;
	s->reserved = 0;
	s->npcs = s->nsites = 0;
	if (max_depth == 0)
		return;
	for (i = 0; i < got && pcs[i] != return_address; i++)
		;
	if (i < got) {
		s->flags = BENCH_STACK_UNWOUND;
		if (got < size)
			s->flags |= BENCH_STACK_COMPLETE;
		/* Not the 0 both walkers give after the outermost frame: it
		 * ends the stack, it is not a frame. */
		for (; i < got && pcs[i] && npcs < max_depth; i++)
			s->slots[npcs++] = pcs[i];
	} else {
		/* No unwind information on the way: the caller is still known. */
		s->slots[npcs++] = return_address;
	}
	if (t && open > t->max_depth)
		open = t->max_depth;
	/* A caller that is itself instrumented is the innermost open frame:
	 * frame 0 already stands for it, with the call's own line. */
	if (open && same_function(t->frames[open - 1].site, call))
		open--;
	while (nsites + 1 < max_depth && nsites < open) {
		s->slots[npcs + nsites] = t->frames[open - 1 - nsites].site;
		nsites++;
	}
	s->npcs = (uint16_t)npcs;
	s->nsites = (uint16_t)nsites;
}

static const char *base_name(const char *path)
{
	const char *slash = path ? strrchr(path, '/') : NULL;

	return slash ? slash + 1 : path;
}

static const char *site_function(const struct bench_site *site)
{
	return site->function ? site->function : site->name;
}

/* Whether an unwound frame is the instrumented function of site: the same
 * name, or (names differ in spelling for some C++ functions) the same
 * declaration line in the same file. */
static int frame_is_site(const struct bench_trace_frame *f, uint32_t decl_line,
			 const char *decl_file, const struct bench_site *site)
{
	if (f->function && !strcmp(f->function, site_function(site)))
		return 1;
	return decl_line && decl_line == site->line && decl_file && site->file &&
	       !strcmp(base_name(decl_file), base_name(site->file));
}

static int is_forwarder(const char *function)
{
	size_t len = function ? strlen(function) : 0, k = sizeof(forwarder_suffix) - 1;

	return len > k && !strcmp(function + len - k, forwarder_suffix);
}

struct unwound {
	struct bench_trace_frame frame;
	uint32_t decl_line;
	const char *decl_file;
};

/* The unwound frames, inlined functions expanded, innermost first; the
 * caller itself (frame 0's function) and forwarders left out. */
static unsigned unwound_frames(const struct bench_stack *s, struct unwound *out, unsigned cap,
			       int try_only)
{
	struct bench_symbol syms[BENCH_SYMBOLS_MAX_INLINE];
	unsigned n = 0;

	for (unsigned k = 0; k < s->npcs && n < cap; k++) {
		const void *pc = s->slots[k];
		unsigned m = bench_symbols_lookup(pc, syms, BENCH_SYMBOLS_MAX_INLINE, try_only);
		unsigned j = 0;

		if (m == 0) {
			if (k > 0) {
				memset(&out[n], 0, sizeof(out[n]));
				out[n++].frame.address = pc;
			}
			continue;
		}
		/* Frame 0 names the caller, with the call's own line: the
		 * innermost function at the call's address is the caller, by
		 * name, or by the call's file and line where the names are
		 * spelt differently (a C++ name left mangled: README). */
		if (k == 0 && syms[0].function && s->call->caller &&
		    (!strcmp(syms[0].function, s->call->caller) ||
		     (syms[0].line && syms[0].line == s->call->line && syms[0].file &&
		      s->call->file && !strcmp(base_name(syms[0].file), base_name(s->call->file)))))
			j = 1;
		for (; j < m && n < cap; j++) {
			if (is_forwarder(syms[j].function))
				continue;
			out[n].frame.function = syms[j].function;
			out[n].frame.file = syms[j].file;
			out[n].frame.line = syms[j].line;
			out[n].frame.address = pc;
			out[n].decl_line = syms[j].decl_line;
			out[n].decl_file = syms[j].decl_file;
			n++;
		}
	}
	return n;
}

static void site_frame(const struct bench_site *site, struct bench_trace_frame *out)
{
	out->function = site_function(site);
	out->file = site->file;
	out->line = site->line;
	/* Descriptors name the function, not where it is in memory. */
	out->address = NULL;
}

unsigned bench_stack_resolve(const struct bench_stack *s, struct bench_trace_frame *out,
			     int try_only)
{
	struct unwound real[2 * BENCH_STACK_MAX_DEPTH];
	const struct bench_site *const *sites =
		(const struct bench_site *const *)(s->slots + s->npcs);
	unsigned max = s->depth, n = 0, nreal, cursor = 0;

	if (max == 0)
		return 0;
	out[n].function = s->call->caller;
	out[n].file = s->call->file;
	out[n].line = s->call->line;
	out[n].address = s->npcs ? s->slots[0] : NULL;
	n++;
	nreal = s->flags & BENCH_STACK_UNWOUND
			? unwound_frames(s, real, sizeof(real) / sizeof(real[0]), try_only)
			: 0;
	/*
	 * Each open instrumented frame, innermost first, is looked for among
	 * the unwound frames not yet used; the unwound frames inside it come
	 * first.  One the unwinder did not see (inlined, no DWARF) goes where
	 * it is most often right: just outside the frames already placed.
	 */
	for (unsigned i = 0; i < s->nsites && n < max; i++) {
		unsigned j;

		for (j = cursor; j < nreal; j++)
			if (frame_is_site(&real[j].frame, real[j].decl_line, real[j].decl_file,
					  sites[i]))
				break;
		if (j < nreal) {
			for (; cursor < j && n < max; cursor++)
				out[n++] = real[cursor].frame;
			if (n < max) {
				out[n] = real[cursor].frame;
				/* No DWARF: the descriptor knows the function's
				 * own file and line, the address stays. */
				if (!out[n].file) {
					out[n].file = sites[i]->file;
					out[n].line = sites[i]->line;
				}
				n++;
			}
			cursor++;
		} else {
			site_frame(sites[i], &out[n++]);
		}
	}
	for (; cursor < nreal && n < max; cursor++)
		out[n++] = real[cursor].frame;
	return n;
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
size_t bench_stack_format_json(const struct bench_trace_frame *frames, unsigned count,
			       char *buf, size_t cap)
{
	size_t n = 0, k;

	if (cap < 3)
		return 0;
	buf[n++] = '[';
	for (unsigned i = 0; i < count; i++) {
		struct bench_trace_frame f = frames[i];
		char *p;

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

void bench_stack_print(const struct bench_trace_frame *frames, unsigned count, int fd)
{
	char buf[4096];
	size_t n = 0;

	for (unsigned i = 0; i < count && n < sizeof(buf) - 1; i++) {
		const struct bench_trace_frame *f = &frames[i];
		int k;

		if (f->file)
			k = snprintf(buf + n, sizeof(buf) - n, "    at %s (%s:%u)\n",
				     f->function ? f->function : "?", f->file, (unsigned)f->line);
		else
			k = snprintf(buf + n, sizeof(buf) - n, "    at %s (%p)\n",
				     f->function ? f->function : "?", f->address);
		if (k < 0)
			break;
		n += (size_t)k < sizeof(buf) - n ? (size_t)k : sizeof(buf) - 1 - n;
	}
	if (n && write(fd, buf, n) < 0)
		return; /* stderr gone: nothing better to do */
}

/*
 * Formatted traces, by what was captured.  A program's blocking events
 * come from a few code paths, so the same capture recurs: naming and
 * formatting it again would make the writer, which a thread with a full
 * event queue waits for, several times slower per event.  Bounded in
 * bytes; beyond, traces are formatted each time.
 */
#define TRACE_CACHE_BUCKETS 1024u
#define TRACE_CACHE_BYTES   (4u << 20)

struct cached_trace {
	struct cached_trace *next;
	uint64_t hash;
	size_t json_len;
	char *json;
	struct bench_stack key; /* its slots follow */
};

static pthread_mutex_t trace_cache_lock = PTHREAD_MUTEX_INITIALIZER;
static struct cached_trace *trace_cache[TRACE_CACHE_BUCKETS];
static size_t trace_cache_bytes;

static size_t stack_key_size(const struct bench_stack *s)
{
	return sizeof(*s) + ((size_t)s->npcs + s->nsites) * sizeof(s->slots[0]);
}

static uint64_t stack_hash(const struct bench_stack *s)
{
	uint64_t h = 1469598103934665603ull ^ (uintptr_t)s->call ^ (uint64_t)s->depth << 32 ^
		     (uint64_t)s->flags << 48;

	for (unsigned i = 0; i < (unsigned)s->npcs + s->nsites; i++)
		h = (h ^ (uintptr_t)s->slots[i]) * 1099511628211ull;
	return h ^ ((uint64_t)s->npcs << 16 | s->nsites);
}

static int same_capture(const struct bench_stack *a, const struct bench_stack *b)
{
	return a->call == b->call && a->depth == b->depth && a->flags == b->flags &&
	       a->npcs == b->npcs && a->nsites == b->nsites &&
	       !memcmp(a->slots, b->slots, ((size_t)a->npcs + a->nsites) * sizeof(a->slots[0]));
}

size_t bench_stack_json(const struct bench_stack *s, char *buf, size_t cap)
{
	struct bench_trace_frame frames[BENCH_STACK_MAX_DEPTH];
	uint64_t hash;
	struct cached_trace *c, **bucket;
	size_t n, key_size;

	/* trace_depth 0: nothing to name, and no lock to take per event. */
	if (s->depth == 0)
		return bench_stack_format_json(NULL, 0, buf, cap);
	hash = stack_hash(s);
	bucket = &trace_cache[hash % TRACE_CACHE_BUCKETS];
	pthread_mutex_lock(&trace_cache_lock);
	for (c = *bucket; c; c = c->next)
		if (c->hash == hash && same_capture(&c->key, s))
			break;
	if (c) {
		n = c->json_len < cap ? c->json_len : 0;
		if (n)
			memcpy(buf, c->json, n + 1);
		pthread_mutex_unlock(&trace_cache_lock);
		return n;
	}
	pthread_mutex_unlock(&trace_cache_lock);

	n = bench_stack_format_json(frames, bench_stack_resolve(s, frames, 0), buf, cap);
	key_size = stack_key_size(s);
	if (!n || trace_cache_bytes + key_size + n + 1 > TRACE_CACHE_BYTES)
		return n;
	c = malloc(sizeof(*c) - sizeof(c->key) + key_size + n + 1);
	if (!c)
		return n;
	memcpy(&c->key, s, key_size);
	c->json = (char *)&c->key + key_size;
	memcpy(c->json, buf, n + 1);
	c->json_len = n;
	c->hash = hash;
	pthread_mutex_lock(&trace_cache_lock);
	c->next = *bucket;
	*bucket = c;
	trace_cache_bytes += key_size + n + 1;
	pthread_mutex_unlock(&trace_cache_lock);
	return n;
}

void bench_stack_after_fork_child(void)
{
	pthread_mutex_init(&trace_cache_lock, NULL);
}
