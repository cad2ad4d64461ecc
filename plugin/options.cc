/*
 * options.cc - parses the bench attribute's option string
 * ("name=parse,iterations=5,warmup=1,cpu,nonblocking") into a
 * struct bench_options, and lays an attribute's options over a rule's.
 *
 * Every problem is reported with error_at() at the attribute, so a typo in
 * an option is a normal compile error.  To debug, compile a file with the
 * attribute and -fplugin-arg-bench-verbose: the note names what was parsed.
 */
#include "compat.h"
#include "options.h"

/* Bounded so that iterations + warmup always fit the site's uint32_t
 * fields and the runtime's counters. */
#define BENCH_OPTION_MAX 1000000000L

void bench_options_init(struct bench_options *opts)
{
	opts->name = NULL;
	opts->iterations = -1;
	opts->warmup = -1;
	opts->cpu = -1;
	opts->nonblocking = -1;
}

/* A decimal number in [MIN, BENCH_OPTION_MAX], digits only: "1e3", "+2",
 * " 4" and "0x10" are all typos rather than numbers worth guessing at. */
static bool parse_count(const char *key, const char *val, long min,
			location_t loc, int *out)
{
	long v = 0;
	const char *p;

	if (*val == '\0') {
		error_at(loc, "%<bench%> option %qs needs a number", key);
		return false;
	}
	for (p = val; *p; p++) {
		if (*p < '0' || *p > '9') {
			error_at(loc, "%<bench%> option %qs wants a whole number "
				 "of at least %ld, not %qs", key, min, val);
			return false;
		}
		v = v * 10 + (*p - '0');
		if (v > BENCH_OPTION_MAX) {
			error_at(loc, "%<bench%> option %qs is too large (at most %ld)",
				 key, BENCH_OPTION_MAX);
			return false;
		}
	}
	if (v < min) {
		error_at(loc, "%<bench%> option %qs must be at least %ld, not %qs",
			 key, min, val);
		return false;
	}
	*out = (int)v;
	return true;
}

/* True (after an error) when KEY was already given in this string. */
static bool seen_twice(bool *seen, const char *key, location_t loc)
{
	if (*seen) {
		error_at(loc, "%<bench%> option %qs given twice", key);
		return true;
	}
	*seen = true;
	return false;
}

/* One "key" or "key=value" item; ITEM is NUL-terminated and trimmed. */
static bool parse_item(char *item, location_t loc, struct bench_options *opts,
		       bool seen[5])
{
	char *eq = strchr(item, '=');
	const char *val = NULL;

	if (eq) {
		*eq = '\0';
		val = eq + 1;
	}
	if (!strcmp(item, "name")) {
		if (seen_twice(&seen[0], item, loc))
			return false;
		if (!val || !*val) {
			error_at(loc, "%<bench%> option %<name%> needs a non-empty value");
			return false;
		}
		opts->name = xstrdup(val);
		return true;
	}
	if (!strcmp(item, "iterations") || !strcmp(item, "warmup")) {
		bool iter = item[0] == 'i';

		if (seen_twice(&seen[iter ? 1 : 2], item, loc))
			return false;
		if (!val) {
			error_at(loc, "%<bench%> option %qs needs a value (%<%s=N%>)",
				 item, item);
			return false;
		}
		return parse_count(item, val, iter ? 1 : 0, loc,
				   iter ? &opts->iterations : &opts->warmup);
	}
	if (!strcmp(item, "cpu") || !strcmp(item, "nonblocking")) {
		bool cpu = item[0] == 'c';

		if (seen_twice(&seen[cpu ? 3 : 4], item, loc))
			return false;
		if (val) {
			error_at(loc, "%<bench%> option %qs takes no value", item);
			return false;
		}
		if (cpu)
			opts->cpu = 1;
		else
			opts->nonblocking = 1;
		return true;
	}
	if (*item == '\0')
		error_at(loc, "empty option in %<bench%> attribute");
	else
		error_at(loc, "unknown %<bench%> option %qs (expected %<name=%>, "
			 "%<iterations=%>, %<warmup=%>, %<cpu%> or %<nonblocking%>)", item);
	return false;
}

/* Cut surrounding blanks in place: "cpu, iterations=2" reads naturally. */
static char *trim(char *s)
{
	char *end;

	while (*s == ' ' || *s == '\t')
		s++;
	end = s + strlen(s);
	while (end > s && (end[-1] == ' ' || end[-1] == '\t'))
		*--end = '\0';
	return s;
}

bool bench_options_parse(const char *text, location_t loc, struct bench_options *opts)
{
	bool seen[5] = { false, false, false, false, false };
	char *copy, *item, *next;
	bool ok = true;

	if (*text == '\0') {
		error_at(loc, "empty option string in %<bench%> attribute "
			 "(omit the argument for the defaults)");
		return false;
	}
	copy = xstrdup(text);
	for (item = copy; item && ok; item = next) {
		next = strchr(item, ',');
		if (next)
			*next++ = '\0';
		ok = parse_item(trim(item), loc, opts, seen);
	}
	free(copy);
	return ok;
}

void bench_options_merge(struct bench_options *dst, const struct bench_options *src)
{
	if (!dst->name && src->name)
		dst->name = src->name;
	if (dst->iterations < 0)
		dst->iterations = src->iterations;
	if (dst->warmup < 0)
		dst->warmup = src->warmup;
	if (dst->cpu < 0)
		dst->cpu = src->cpu;
	if (dst->nonblocking < 0)
		dst->nonblocking = src->nonblocking;
}
