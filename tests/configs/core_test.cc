/*
 * core_test.cc - unit test of the config loader's core (config_parse.cc,
 * glob.cc) for what the compiler cannot show in a note: the blocking list
 * (preset + add - remove), the runtime defaults string, rule options, the
 * file and glob matching tables, function_regex, warnings and the
 * diagnostics cap.
 * Built and run by tests/run-config-rules from tests/configs/.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <string>

#include "config_parse.h"
#include "glob.h"

static int failures;

#define CHECK(cond)                                                          \
	do {                                                                 \
		if (!(cond)) {                                               \
			printf("%s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #cond); \
			failures++;                                          \
		}                                                            \
	} while (0)

static bench_cfg *parse(const char *text)
{
	return bench_cfg_parse("t.yaml", text, strlen(text), PRESET_DIR);
}

static std::string diags(const bench_cfg *cfg)
{
	std::string out;
	for (int i = 0; i < bench_cfg_diag_count(cfg); i++) {
		const bench_cfg_diag *d = bench_cfg_diag_get(cfg, i);
		char buf[1200];
		snprintf(buf, sizeof buf, "%s:%d:%d: %s: %s\n", d->file, d->line, d->column,
			 d->severity == BENCH_CFG_ERROR ? "error" :
			 d->severity == BENCH_CFG_WARNING ? "warning" : "note", d->message);
		out += buf;
	}
	return out;
}

static std::string blocking(const bench_cfg *cfg)
{
	int n;
	const bench_blocking_fn *b = bench_cfg_blocking(cfg, &n);
	std::string out;
	for (int i = 0; i < n; i++)
		out += std::string(b[i].name) + "/" + b[i].category + "/" + std::to_string(b[i].weight) + " ";
	return out;
}

static void test_blocking(void)
{
	bench_cfg *cfg = parse("version: 1\n"
			       "blocking:\n"
			       "  remove: [write]\n" /* before preset: order of keys is free */
			       "  add: [my_db_query, \"legacy_*\", read]\n"
			       "  preset: small\n");
	CHECK(bench_cfg_error_count(cfg) == 0);
	CHECK(blocking(cfg) == "usleep/sleep/50 read/file/10 my_db_query/user/1 legacy_*/user/1 ");
	bench_cfg_free(cfg);

	/* A glob in remove: drops preset entries, but an add: glob only by
	 * its exact text. */
	cfg = parse("version: 1\nblocking:\n  preset: small\n  add: [\"u*\"]\n  remove: [\"u*\", \"r?ad\"]\n");
	CHECK(bench_cfg_error_count(cfg) == 0);
	CHECK(blocking(cfg) == "write/file/1 ");
	bench_cfg_free(cfg);

	cfg = parse("version: 1\nblocking:\n  preset: small\n  remove: [wrte]\n");
	CHECK(bench_cfg_error_count(cfg) == 0);
	CHECK(diags(cfg) == "t.yaml:4:12: warning: 'wrte' in 'remove' matches no blocking "
			    "function (did you mean 'write'?)\n");
	bench_cfg_free(cfg);

	cfg = parse("version: 1\nblocking:\n  preset: bad-preset\n");
	CHECK(diags(cfg) == PRESET_DIR "/bad-preset.yaml:5:18: error: unknown key 'categroy' "
			    "(did you mean 'category'?)\n"
			    "t.yaml:3:11: note: in the preset 'bad-preset' named here\n");
	bench_cfg_free(cfg);

	cfg = parse("version: 1\nblocking:\n  preset: smal\n");
	CHECK(diags(cfg) == "t.yaml:3:11: error: unknown preset 'smal' (did you mean 'small'?): "
			    "no file " PRESET_DIR "/smal.yaml\n");
	bench_cfg_free(cfg);

	/* A preset path is relative to the config's folder, not the cwd. */
	const char *by_path = "version: 1\nblocking:\n  preset: small.yaml\n";
	cfg = bench_cfg_parse("aux/t.yaml", by_path, strlen(by_path), NULL);
	CHECK(bench_cfg_error_count(cfg) == 0);
	CHECK(blocking(cfg) == "usleep/sleep/50 read/file/10 write/file/1 ");
	bench_cfg_free(cfg);

	cfg = parse("version: 1\n");
	int n = -1;
	CHECK(bench_cfg_blocking(cfg, &n) == NULL && n == 0);
	CHECK(bench_cfg_runtime_defaults(cfg) == NULL);
	bench_cfg_free(cfg);
}

static void test_runtime(void)
{
	bench_cfg *cfg = parse("version: 1\nruntime:\n  sample: 0.25\n  output: \"a b=c.jsonl\"\n"
			       "  enable: true\n  buffer: 4096\n  format: jsonl\n");
	const char *rt = bench_cfg_runtime_defaults(cfg);
	CHECK(bench_cfg_error_count(cfg) == 0);
	CHECK(rt && !strcmp(rt, "sample=0.25\noutput=a b=c.jsonl\nenable=1\nbuffer=4096\nformat=jsonl\n"));
	bench_cfg_free(cfg);

	cfg = parse("version: 1\nruntime:\n  sample: 1e-1\n  trace_depth: 0\n  flush_ms: 0\n");
	CHECK(diags(cfg) == "t.yaml:5:13: error: 'flush_ms' must be at least 1, got '0'\n");
	bench_cfg_free(cfg);
}

static void test_rule_options(void)
{
	bench_cfg *cfg = parse("version: 1\ninstrument:\n"
			       "  - {function: \"a*\", name: alpha, iterations: 5, warmup: 0, cpu: true}\n"
			       "  - function: b\n    nonblocking: false\n");
	bool exclude = true;
	bench_cfg_options o;
	int line = 0;

	CHECK(bench_cfg_error_count(cfg) == 0);
	CHECK(bench_cfg_match(cfg, "abc", NULL, &exclude, &o, &line) == 0);
	CHECK(!exclude && line == 3 && !strcmp(o.name, "alpha") && o.iterations == 5 &&
	      o.warmup == 0 && o.cpu == 1 && o.nonblocking == -1);
	CHECK(bench_cfg_match(cfg, "b", "x.c", &exclude, &o, &line) == 1);
	CHECK(line == 4 && o.name == NULL && o.iterations == -1 && o.nonblocking == 0 && o.cpu == -1);
	CHECK(bench_cfg_match(cfg, "c", "x.c", &exclude, &o, &line) == -1);
	CHECK(!strcmp(bench_cfg_no_match_reason(cfg, "c", "x.c"),
		      "none of the 2 rules in t.yaml matches the name"));
	CHECK(bench_cfg_no_match_reason(cfg, "b", "x.c") == NULL);
	bench_cfg_free(cfg);

	/* POSIX picks the longest match: "a|ab" matches all of "ab". */
	cfg = parse("version: 1\ninstrument:\n  - function_regex: \"a|ab\"\n    file: \"*.c\"\n");
	CHECK(bench_cfg_match(cfg, "ab", "x.c", &exclude, &o, &line) == 0);
	CHECK(bench_cfg_match(cfg, "abb", "x.c", &exclude, &o, &line) == -1);
	CHECK(bench_cfg_match(cfg, "ab", NULL, &exclude, &o, &line) == -1);
	CHECK(!strcmp(bench_cfg_no_match_reason(cfg, "ab", "x.h"),
		      "the rule at t.yaml:3 matches the name, but its file: '*.c' does not match 'x.h'"));
	bench_cfg_free(cfg);
}

static void test_file_match(void)
{
	static const struct { const char *pattern, *file; bool match; } cases[] = {
		{ "util.c", "lib/util.c", true },
		{ "util.c", "util.c", true },
		{ "*.c", "/abs/dir/x.c", true },
		{ "*.c", "x.h", false },
		{ "src/*", "src/a/b.c", true },
		{ "src/*", "/home/u/proj/src/a.c", true },
		{ "src/*", "lib/a.c", false },
		{ "src/*.c", "./src/a.c", true },
		{ "./src/*.c", "src/a.c", true },
		{ "/abs/src/*", "/abs/src/a.c", true },
		{ "/abs/src/*", "/other/abs/src/a.c", false },
		{ "parser/*.c", "src/parser/x.c", true },
		{ "parser/*.c", "src/myparser/x.c", false },
	};
	for (const auto &c : cases)
		if (bench_cfg_file_match(c.pattern, c.file) != c.match) {
			printf("file match %s vs %s: expected %d\n", c.pattern, c.file, c.match);
			failures++;
		}
}

static void test_glob(void)
{
	static const struct { const char *pattern, *text; bool match; } cases[] = {
		{ "*", "", true },
		{ "?", "", false },
		{ "a?c", "abc", true },
		{ "a[bx]c", "axc", true },
		{ "a[!bx]c", "abc", false },
		{ "a[^bx]c", "ayc", true },
		{ "[]]", "]", true },
		{ "[!]]", "a", true },
		{ "[a-]", "-", true },
		{ "x\\*", "x*", true },
		{ "x\\*", "xy", false },
		{ "ns::*::get", "ns::Box<int>::get", true },
		{ "*a*b", "aaaab", true },
		{ "*a*b", "aaaa", false },
	};
	size_t off;
	for (const auto &c : cases) {
		CHECK(bench_glob_check(c.pattern, &off) == NULL);
		if (bench_glob_match(c.pattern, c.text) != c.match) {
			printf("glob %s vs %s: expected %d\n", c.pattern, c.text, c.match);
			failures++;
		}
	}
	CHECK(bench_glob_check("ab[cd", &off) && off == 2);
	CHECK(bench_glob_check("ab\\", &off) && off == 2);

	/* The classic exponential case for backtracking matchers. */
	std::string pat, text(4000, 'a');
	for (int i = 0; i < 200; i++)
		pat += "a*";
	pat += "b";
	clock_t t0 = clock();
	CHECK(!bench_glob_match(pat.c_str(), text.c_str()));
	CHECK((double)(clock() - t0) / CLOCKS_PER_SEC < 2.0);
}

/* function_regex through RE2: glibc's extensions kept, names as bytes,
 * its refusals worded like the config's other errors, and a pattern that
 * made regcomp exponential compiled at once (a hang here is caught by the
 * runner's time limit). */
static std::string regex_error(const char *re)
{
	std::string text = std::string("version: 1\ninstrument:\n  - function_regex: '") + re + "'\n";
	bench_cfg *cfg = bench_cfg_parse("t.yaml", text.data(), text.size(), PRESET_DIR);
	std::string out = diags(cfg);
	bench_cfg_free(cfg);
	return out;
}

static bool regex_matches(const char *re, const char *name)
{
	std::string text = std::string("version: 1\ninstrument:\n  - function_regex: '") + re + "'\n";
	bench_cfg *cfg = bench_cfg_parse("t.yaml", text.data(), text.size(), PRESET_DIR);
	bool exclude;
	bench_cfg_options o;
	int line;
	bool hit = bench_cfg_error_count(cfg) == 0 &&
		   bench_cfg_match(cfg, name, "x.c", &exclude, &o, &line) == 0;
	bench_cfg_free(cfg);
	return hit;
}

static void test_regex(void)
{
	std::string nested = "(";
	for (int i = 0; i < 24; i++)
		nested += "(a?)?";
	nested += ")+b";

	CHECK(regex_matches("\\w+_count", "hit_count"));
	CHECK(!regex_matches("\\w+_count", "hit_counts"));
	CHECK(regex_matches("[[:digit:]]{2}x", "12x"));
	CHECK(regex_matches("caf.", "caf\xc3"));
	CHECK(!regex_matches("caf.", "caf\xc3\xa9"));
	CHECK(regex_matches(nested.c_str(), "aaab"));
	CHECK(!regex_matches(nested.c_str(), "aaac"));
	CHECK(regex_matches("ns::[a-z]+<(int|long)>", "ns::twice<long>"));
	/* "{,n}" is only an interval outside brackets and unescaped. */
	CHECK(regex_matches("get[{,3}]", "get{"));
	CHECK(regex_matches("get\\{,3}", "get{,3}"));
	CHECK(regex_error("a{,3}") == "t.yaml:3:21: error: invalid regular expression 'a{,3}': "
				       "write '{,3}' as '{0,3}'\n");
	CHECK(regex_error("(a") == "t.yaml:3:21: error: invalid regular expression '(a': missing ')'\n");
	CHECK(regex_error("a)") == "t.yaml:3:21: error: invalid regular expression 'a)': unmatched ')'\n");
	CHECK(regex_error("*a") == "t.yaml:3:21: error: invalid regular expression '*a': '*' repeats nothing\n");
	CHECK(regex_error("\\qa") ==
	      "t.yaml:3:21: error: invalid regular expression '\\\\qa': unknown escape '\\\\q'\n");
	CHECK(regex_error("[b-a]") == "t.yaml:3:21: error: invalid regular expression '[b-a]': "
				       "invalid range or class 'b-a' in '[...]'\n");
	CHECK(regex_error("(a)\\1") == "t.yaml:3:21: error: invalid regular expression '(a)\\\\1': "
				        "back-references are not supported\n");
	CHECK(regex_error("a{1001}") == "t.yaml:3:21: error: invalid regular expression 'a{1001}': "
					"repetition '{1001}' is reversed or too large (counts, "
					"multiplied through nested groups, stop at 1000)\n");
}

static void test_limits(void)
{
	std::string text = "version: 1\n";
	for (int i = 0; i < 500; i++)
		text += "k" + std::to_string(i) + ": 1\n";
	bench_cfg *cfg = bench_cfg_parse("t.yaml", text.data(), text.size(), PRESET_DIR);
	CHECK(bench_cfg_diag_count(cfg) == BENCH_CFG_MAX_DIAGS + 1);
	CHECK(!strcmp(bench_cfg_diag_get(cfg, BENCH_CFG_MAX_DIAGS)->message,
		      "too many errors in the config; stopping here"));
	bench_cfg_free(cfg);

	/* Several errors in one file are all reported, in order. */
	cfg = parse("version: 1\ninstrument:\n  - function: \"[\"\n  - function: a\n    warmup: -1\n");
	CHECK(diags(cfg) == "t.yaml:3:15: error: invalid glob '[': unterminated '['\n"
			    "t.yaml:5:13: error: 'warmup' cannot be negative, got '-1'\n");
	bench_cfg_free(cfg);

	cfg = bench_cfg_load("no/such/file.yaml", PRESET_DIR);
	CHECK(diags(cfg) == "no/such/file.yaml:0:0: error: cannot read config: No such file or directory\n");
	bench_cfg_free(cfg);
}

int main(void)
{
	test_blocking();
	test_runtime();
	test_rule_options();
	test_file_match();
	test_glob();
	test_regex();
	test_limits();
	printf("core_test: %s\n", failures ? "FAILED" : "ok");
	return failures ? 1 : 0;
}
