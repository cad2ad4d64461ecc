/*
 * blocking_output.c - blocking calls as output: each queued event as a
 * record's JSON members for the writer, and the per-call-site table the
 * summary ends with.
 */
#include "blocking.h"
#include "blocking_event.h"
#include "clock.h"
#include "format.h"
#include "loss.h"
#include "output.h"
#include "process.h"
#include "ptrmap.h"
#include "sink.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * A call site's members, formatted once: the writer formats every event of
 * a busy thread (threads with a full queue wait for it), and a program's
 * events come from a few call sites.  head: "blocking": {"function" ...
 * "caller": X, "duration": ; tail: , "category": X, "weight": N}.  Read
 * and filled by bench_blocking_format_event only, under the drain lock.
 */
struct site_json {
	size_t head_len, tail_len;
	char *tail;
	char head[];
};

static struct bench_ptrmap site_json;

static size_t format_site_head(const struct bench_call_site *site, char *buf, size_t cap);
static size_t format_site_tail(const struct bench_call_site *site, char *buf, size_t cap);

/* The cached members of site, or NULL (out of memory, names too long). */
static const struct site_json *site_json_for(const struct bench_call_site *site)
{
	struct site_json *j = bench_ptrmap_get(&site_json, site, NULL);
	char head[4096], tail[1024];
	size_t hn, tn;

	if (j)
		return j;
	hn = format_site_head(site, head, sizeof(head));
	tn = format_site_tail(site, tail, sizeof(tail));
	if (!hn || !tn || !(j = malloc(sizeof(*j) + hn + tn + 2)))
		return NULL;
	memcpy(j->head, head, hn + 1);
	j->head_len = hn;
	j->tail = j->head + hn + 1;
	memcpy(j->tail, tail, tn + 1);
	j->tail_len = tn;
	if (!bench_ptrmap_put(&site_json, site, NULL, j)) {
		free(j);
		return NULL;
	}
	return j;
}

void bench_blocking_output_forget(void)
{
	bench_ptrmap_clear(&site_json, free);
}

#define PUT(s) do { size_t l_ = strlen(s); if (l_ >= cap - n) return 0; memcpy(buf + n, s, l_); n += l_; } while (0)
#define PUTSTR(s) do { if (!(k = bench_stack_json_string(buf + n, cap - n, (s)))) return 0; n += k; } while (0)
	/* By hand, not snprintf: the writer formats every event of a busy
	 * thread, and threads with a full queue wait for it. */
#define PUTU(v) do { if (cap - n <= BENCH_FMT_U64_MAX) return 0; n = (size_t)(bench_fmt_u64(buf + n, (v)) - buf); } while (0)

static size_t format_site_head(const struct bench_call_site *site, char *buf, size_t cap)
{
	size_t n = 0, k;

	PUT("\"blocking\": {\"function\": ");
	PUTSTR(site->callee);
	PUT(", \"file\": ");
	PUTSTR(site->file);
	PUT(", \"line\": ");
	PUTU((unsigned)site->line);
	PUT(", \"caller\": ");
	PUTSTR(site->caller);
	PUT(", \"duration\": ");
	buf[n] = '\0';
	return n;
}

static size_t format_site_tail(const struct bench_call_site *site, char *buf, size_t cap)
{
	size_t n = 0, k;

	PUT(", \"category\": ");
	PUTSTR(site->category);
	PUT(", \"weight\": ");
	PUTU((unsigned)site->weight);
	PUT("}");
	buf[n] = '\0';
	return n;
}

/* The sink adds "type", "bench", "process" and "host", as for calls. */
size_t bench_blocking_format_event(pid_t tid, const struct queued_event *e, char *buf,
				   size_t cap)
{
	const struct bench_call_site *site = e->stack.call;
	const struct site_json *sj = site_json_for(site);
	static struct bench_time_cache time_cache = { .second = INT64_MIN };
	char when[BENCH_FMT_ISO8601_LEN + 1], seconds[BENCH_FMT_SECONDS_MAX + 1];
	size_t n = 0, k;
	const char *ctx_name = e->context ? (e->context->function ? e->context->function
								   : e->context->name)
					  : NULL;

	*bench_fmt_iso8601(when, bench_clock_ticks_to_wall_ns(e->start), &time_cache) = '\0';
	*bench_fmt_seconds(seconds, bench_clock_span_ns(e->start, e->finish)) = '\0';

#define PUTN(s, len) do { if ((len) >= cap - n) return 0; memcpy(buf + n, (s), (len)); n += (len); } while (0)
	if (sj) {
		PUTN(sj->head, sj->head_len);
	} else {
		if (!(k = format_site_head(site, buf, cap)))
			return 0;
		n += k;
	}
	PUT(seconds);
	PUT(", \"start_time\": \"");
	PUT(when);
	PUT("\", \"thread\": ");
	PUTU((uint64_t)(uint32_t)tid);
	if (sj) {
		PUTN(sj->tail, sj->tail_len);
	} else {
		if (!(k = format_site_tail(site, buf + n, cap - n)))
			return 0;
		n += k;
	}
	PUT(", \"context\": {\"function\": ");
	PUTSTR(ctx_name);
	PUT(", \"nonblocking\": ");
	PUT(e->flags & EVENT_NONBLOCKING ? "true" : "false");
	PUT("}, \"violation\": ");
	PUT(e->flags & EVENT_VIOLATION ? "true" : "false");
	PUT(", \"trace\": ");
	if (!(k = bench_stack_json(&e->stack, buf + n, cap - n)))
		return 0;
	n += k;
#undef PUT
#undef PUTN
#undef PUTSTR
#undef PUTU
	return n;
}

static int by_total_time(const void *a, const void *b)
{
	const struct bench_blocking_total *x = a, *y = b;

	if (x->ticks != y->ticks)
		return x->ticks < y->ticks ? 1 : -1;
	return x->count < y->count ? 1 : x->count > y->count ? -1 : 0;
}

/* "file:line" of a call site, the file without its directories. */
static void call_site_where(const struct bench_call_site *s, char *where, size_t size)
{
	const char *file = strrchr(s->file, '/');

	snprintf(where, size, "%s:%u", file ? file + 1 : s->file, (unsigned)s->line);
}

/* Columns as wide as their longest name, up to this; a longer name pushes
 * its row's other columns right, uncut (as the calls table does). */
#define COLUMN_MAX 40

static size_t widen(size_t width, const char *text)
{
	size_t len = strlen(text);

	return len > width && len <= COLUMN_MAX ? len : width;
}

void bench_blocking_summary(int run_heading)
{
	struct bench_blocking_total *rows;
	int sampled;
	size_t nrows = bench_blocking_totals(&rows, &sampled);
	size_t fw = strlen("function"), ww = strlen("call site"), cw = strlen("caller");
	char *text, where[64];
	size_t size, len = 0;

	if (!nrows) {
		free(rows);
		return;
	}
	qsort(rows, nrows, sizeof(*rows), by_total_time);
	size = 512;
	for (size_t i = 0; i < nrows; i++) {
		const struct bench_call_site *s = rows[i].site;

		call_site_where(s, where, sizeof(where));
		fw = widen(fw, s->callee);
		ww = widen(ww, where);
		cw = widen(cw, s->caller);
		size += strlen(s->callee) + strlen(where) + strlen(s->caller) + 3 * COLUMN_MAX + 100;
	}
	text = malloc(size);
	if (!text) {
		free(rows);
		bench_loss_unwritten(nrows, "out of memory while summarising blocking calls");
		return;
	}
	/* Which process printed it, when no calls table above says so. */
	if (run_heading)
		len += (size_t)snprintf(text + len, size - len,
					"bench: summary of run %s (pid %d, clock %s)\n",
					bench_process.run_id, (int)bench_process.pid,
					bench_clock_name());
	len += (size_t)snprintf(text + len, size - len,
				"bench: blocking calls per call site%s\n",
				sampled ? " (sampled)" : "");
	len += (size_t)snprintf(text + len, size - len, "%-*s %-*s %-*s %8s %10s %10s %10s\n",
				(int)fw, "function", (int)ww, "call site", (int)cw, "caller",
				"calls", "total", "max", "violations");
	for (size_t i = 0; i < nrows; i++) {
		const struct bench_call_site *s = rows[i].site;
		char total[32], max[32];

		call_site_where(s, where, sizeof(where));
		bench_format_duration(total, sizeof(total),
				      (double)bench_clock_ticks_to_ns(rows[i].ticks));
		bench_format_duration(max, sizeof(max),
				      (double)bench_clock_ticks_to_ns(rows[i].max_ticks));
		len += (size_t)snprintf(text + len, size - len,
					"%-*s %-*s %-*s %8llu %10s %10s %10llu\n", (int)fw,
					s->callee, (int)ww, where, (int)cw, s->caller,
					(unsigned long long)rows[i].count, total, max,
					(unsigned long long)rows[i].violations);
	}
	bench_output_write(text, len, 0);
	free(text);
	free(rows);
}
