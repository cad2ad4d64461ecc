/*
 * sink_jsonl.c - formats calls as JSON Lines (HACKING.md, "Record format")
 * into a large buffer written out in whole lines.
 *
 * What never changes within a process (run id, clock, pid, host) and for a
 * (site, name) pair (names, file, line, iterations) is formatted once per
 * pair, joined into the record's start and, for a plain return, its end:
 * a record then costs two copies, its numbers and two timestamps.
 */
#include "sink.h"

#include "clock.h"
#include "format.h"
#include "json.h"
#include "loss.h"
#include "output.h"
#include "process.h"
#include "ptrmap.h"
#include "record.h"

#include <stdlib.h>
#include <string.h>

/* Written out when it passes this; a line longer than that grows it. */
#define JSONL_BUFFER_FLUSH (256u * 1024u)

/* The constant text of one (site, name) pair's records. */
struct site_json {
	const struct bench_site *site;
	const char *name;
	size_t head_len;   /* {"type": "call", ... "call": {"name": ... "durations": [ */
	size_t tail_len;   /* "iterations": ... "closed_by": " */
	size_t return_len; /* the tail, return", and the record's end */
	size_t line_max;   /* longest record of one duration and no timings */
	char *tail, *return_end;
	char text[];       /* head, tail, return_end */
};

/* What a record's numbers, times and separators add to a site's text. */
#define CALL_NUMBERS_MAX 512

static struct {
	char *buf;
	size_t len, capacity;
	uint64_t records;   /* complete lines in buf */
	char prefix[512];
	size_t prefix_len;
	char blocking_prefix[512]; /* {"type": "blocking", "bench": {...}, */
	size_t blocking_prefix_len;
	char suffix[2048];
	size_t suffix_len;
	int ready;
	struct bench_ptrmap sites;
	struct site_json *last_site; /* consecutive records share their site */
	struct bench_time_cache time_cache;
	pid_t thread;              /* the thread of thread_text */
	char thread_text[48];      /* ", "thread": N, "id": */
	size_t thread_len;
} js;

const char *bench_site_invocation(const struct bench_site *site)
{
	if (site->flags & (BENCH_SITE_RECORD | BENCH_SITE_TIME))
		return "record";
	return (site->flags & BENCH_SITE_CXX) ? "C++" : "C";
}

const char *bench_closed_by_name(unsigned int closed_by)
{
	switch (closed_by) {
	case BENCH_CLOSED_LONGJMP: return "longjmp";
	case BENCH_CLOSED_EXIT: return "exit";
	case BENCH_CLOSED_EXEC: return "exec";
	default: return "return";
	}
}

static char *put(char *p, const char *s)
{
	size_t len = strlen(s);

	memcpy(p, s, len);
	return p + len;
}

/* {"type": TYPE, "bench": {...},  -- the start every record kind shares. */
static char *put_record_start(char *p, const char *type)
{
	p = put(p, "{\"type\": \"");
	p = put(p, type);
	p = put(p, "\", \"bench\": {\"run_id\": \"");
	p = put(p, bench_process.run_id);
	p = put(p, "\", \"version\": \"" BENCH_VERSION "\", \"clock\": \"");
	p = put(p, bench_clock_name());
	return put(p, "\", \"timezone\": \"UTC\"}, ");
}

static void prepare_process_text(void)
{
	char *p = js.prefix;

	p = put_record_start(p, "call");
	p = put(p, "\"call\": {");
	js.prefix_len = (size_t)(p - js.prefix);

	p = put_record_start(js.blocking_prefix, "blocking");
	js.blocking_prefix_len = (size_t)(p - js.blocking_prefix);

	p = js.suffix;
	p = put(p, "}, \"process\": {\"pid\": ");
	p = bench_fmt_u64(p, (uint64_t)bench_process.pid);
	p = put(p, "}, \"host\": {\"hostname\": ");
	p = bench_json_string(p, bench_process.hostname);
	p = put(p, ", \"os\": \"linux\"}}\n");
	js.suffix_len = (size_t)(p - js.suffix);
	bench_time_cache_init(&js.time_cache);
	js.ready = 1;
}

static struct site_json *new_site_text(const struct bench_site *site, const char *name)
{
	const char *function = site->function ? site->function : "";
	const char *file = site->file ? site->file : "";
	struct site_json *s;
	char *p;

	s = malloc(sizeof(*s) + 320 + 2 * (js.prefix_len + js.suffix_len) +
		   BENCH_JSON_ESCAPED_MAX(strlen(name) + strlen(function) + strlen(file)));
	if (!s)
		return NULL;
	s->site = site;
	s->name = name;
	p = s->text;
	memcpy(p, js.prefix, js.prefix_len);
	p += js.prefix_len;
	p = put(p, "\"name\": ");
	p = bench_json_string(p, name);
	p = put(p, ", \"function\": ");
	p = bench_json_string(p, function);
	p = put(p, ", \"file\": ");
	p = bench_json_string(p, file);
	p = put(p, ", \"line\": ");
	p = bench_fmt_u64(p, site->line);
	p = put(p, ", \"invocation\": \"");
	p = put(p, bench_site_invocation(site));
	p = put(p, "\", \"durations\": [");
	s->head_len = (size_t)(p - s->text);
	s->tail = p;
	p = put(p, "\"iterations\": ");
	p = bench_fmt_u64(p, site->iterations ? site->iterations : 1);
	p = put(p, ", \"warmup\": ");
	p = bench_fmt_u64(p, site->warmup);
	p = put(p, ", \"closed_by\": \"");
	s->tail_len = (size_t)(p - s->tail);
	s->return_end = p;
	memcpy(p, s->tail, s->tail_len);
	p += s->tail_len;
	p = put(p, "return\"");
	memcpy(p, js.suffix, js.suffix_len);
	p += js.suffix_len;
	s->return_len = (size_t)(p - s->return_end);
	s->line_max = s->head_len + s->return_len + CALL_NUMBERS_MAX +
		      js.suffix_len + 2 * BENCH_FMT_SECONDS_MAX;
	if (!bench_ptrmap_put(&js.sites, site, name, s)) {
		free(s);
		return NULL;
	}
	return s;
}

static inline struct site_json *site_text(const struct bench_site *site, const char *name)
{
	struct site_json *s = js.last_site;

	if (likely(s && s->site == site && s->name == name))
		return s;
	s = bench_ptrmap_get(&js.sites, site, name);
	if (!s)
		s = new_site_text(site, name);
	if (s)
		js.last_site = s;
	return s;
}

/* ", "thread": N, "id":  -- the same for every record of a thread. */
static void prepare_thread_text(pid_t thread)
{
	char *p = js.thread_text;

	p = put(p, "\", \"thread\": ");
	p = bench_fmt_u64(p, (uint64_t)thread);
	p = put(p, ", \"id\": ");
	js.thread_len = (size_t)(p - js.thread_text);
	js.thread = thread;
}

static void write_out(void)
{
	if (js.len)
		bench_output_write(js.buf, js.len, js.records);
	js.len = 0;
	js.records = 0;
}

/* Room for need more bytes; 0 when out of memory. */
static int reserve(size_t need)
{
	size_t capacity;
	char *buf;

	if (js.len + need <= js.capacity)
		return 1;
	write_out();
	if (need <= js.capacity)
		return 1;
	for (capacity = JSONL_BUFFER_FLUSH * 2; capacity < need; capacity *= 2)
		;
	buf = realloc(js.buf, capacity);
	if (!buf)
		return 0;
	js.buf = buf;
	js.capacity = capacity;
	return 1;
}

static char *put_seconds_list(char *p, const uint64_t *ns, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (i) {
			*p++ = ',';
			*p++ = ' ';
		}
		p = bench_fmt_seconds(p, ns[i]);
	}
	return p;
}

static void jsonl_write_call(const struct bench_call_view *call)
{
	const struct bench_site *call_site = call->site;
	const char *call_name = call->name;
	struct site_json *site;
	size_t need, i;
	char *p;

	/* Two scalar loads: the writer stored these two fields separately
	 * just before, and GCC would read them back as one 16-byte load,
	 * which stalls on store forwarding (a third of this function's time
	 * in perf). */
	__asm__("" : "+r"(call_site), "+r"(call_name));
	if (!js.ready)
		prepare_process_text();
	site = site_text(call_site, call_name);
	if (!site) {
		bench_loss_unwritten(1, "out of memory while formatting");
		return;
	}
	need = site->line_max;
	if (unlikely(call->n_durations + call->n_cpu_durations > 1 || call->n_timings)) {
		need += (call->n_durations + call->n_cpu_durations) * (BENCH_FMT_SECONDS_MAX + 2);
		for (i = 0; i < call->n_timings; i++)
			need += BENCH_JSON_ESCAPED_MAX(strlen(call->timings[i].name)) + 64;
	}
	if (unlikely(js.len + need > js.capacity) && !reserve(need)) {
		bench_loss_unwritten(1, "out of memory while formatting");
		return;
	}
	if (unlikely(call->thread != js.thread || !js.thread_len))
		prepare_thread_text(call->thread);
	p = js.buf + js.len;
	memcpy(p, site->text, site->head_len);
	p += site->head_len;
	p = put_seconds_list(p, call->durations, call->n_durations);
	memcpy(p, "], \"start_time\": \"", 18);
	p = bench_fmt_iso8601(p + 18, call->start_wall_ns, &js.time_cache);
	memcpy(p, "\", \"finish_time\": \"", 19);
	/* Formatted again rather than copied when equal: reading back the
	 * start just written stalls on store forwarding, and costs more. */
	p = bench_fmt_iso8601(p + 19, call->finish_wall_ns, &js.time_cache);
	memcpy(p, js.thread_text, js.thread_len);
	p = bench_fmt_u64(p + js.thread_len, call->id);
	memcpy(p, ", \"parent\": ", 12);
	p += 12;
	if (call->parent) {
		p = bench_fmt_u64(p, call->parent);
	} else {
		memcpy(p, "null", 4);
		p += 4;
	}
	memcpy(p, ", \"depth\": ", 11);
	p = bench_fmt_u64(p + 11, call->depth);
	memcpy(p, ", \"timings\": [", 14);
	p += 14;
	for (i = 0; i < call->n_timings; i++) {
		if (i) {
			*p++ = ',';
			*p++ = ' ';
		}
		p = put(p, "{\"name\": ");
		p = bench_json_string(p, call->timings[i].name);
		p = put(p, ", \"duration\": ");
		p = bench_fmt_seconds(p, call->timings[i].ns);
		*p++ = '}';
	}
	memcpy(p, "], ", 3);
	p += 3;
	if (likely(call->closed_by == BENCH_CLOSED_RETURN && !call->has_cpu)) {
		memcpy(p, site->return_end, site->return_len);
		p += site->return_len;
	} else {
		memcpy(p, site->tail, site->tail_len);
		p += site->tail_len;
		p = put(p, bench_closed_by_name(call->closed_by));
		*p++ = '"';
		if (call->has_cpu) {
			p = put(p, ", \"cpu_durations\": [");
			p = put_seconds_list(p, call->cpu_durations, call->n_cpu_durations);
			*p++ = ']';
		}
		memcpy(p, js.suffix, js.suffix_len);
		p += js.suffix_len;
	}
	js.len = (size_t)(p - js.buf);
	js.records++;
	if (js.len >= JSONL_BUFFER_FLUSH)
		write_out();
}

/* The suffix after its first byte (which closes "call"): "process", "host". */
static void jsonl_write_blocking(const char *members, size_t len)
{
	char *p;

	if (!js.ready)
		prepare_process_text();
	if (!reserve(js.blocking_prefix_len + len + js.suffix_len)) {
		bench_loss_unwritten(1, "out of memory");
		return;
	}
	p = js.buf + js.len;
	memcpy(p, js.blocking_prefix, js.blocking_prefix_len);
	p += js.blocking_prefix_len;
	memcpy(p, members, len);
	p += len;
	memcpy(p, js.suffix + 1, js.suffix_len - 1);
	p += js.suffix_len - 1;
	js.len = (size_t)(p - js.buf);
	js.records++;
	if (js.len >= JSONL_BUFFER_FLUSH)
		write_out();
}

static void jsonl_flush(void)
{
	write_out();
}

static void jsonl_finish(void)
{
	write_out();
}

static void jsonl_before_exec(void (*write_open_calls)(uint64_t now), uint64_t now)
{
	write_open_calls(now);
	write_out();
}

static void jsonl_after_fork_child(void)
{
	/* The run id and pid changed, and every site's text holds them.  The
	 * lines still buffered (fork took the drain lock between two of the
	 * writer's passes) are the parent's to write. */
	js.len = 0;
	js.records = 0;
	js.ready = 0;
	js.last_site = NULL;
	js.thread_len = 0;
	bench_ptrmap_clear(&js.sites, free);
}

/* Its texts are cached by site address, which another library may take. */
static void jsonl_forget_sites(struct bench_unload_copies *copies)
{
	if (copies)
		return; /* nothing but the cache, dropped under the lock */
	js.last_site = NULL;
	bench_ptrmap_clear(&js.sites, free);
}

const struct bench_sink bench_sink_jsonl = {
	.name = "jsonl",
	.write_call = jsonl_write_call,
	.write_blocking = jsonl_write_blocking,
	.flush = jsonl_flush,
	.finish = jsonl_finish,
	.before_exec = jsonl_before_exec,
	.after_fork_child = jsonl_after_fork_child,
	.forget_sites = jsonl_forget_sites,
};
