/*
 * config_parse.cc - checks a config's node tree against the schema
 * (config/SCHEMA.md) key by key and builds the rules, the runtime
 * defaults and the blocking list (reading the preset it names), with a
 * diagnostic at the line and column of each problem.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <algorithm>
#include <unordered_map>

#include <re2/re2.h>

#include "config_internal.h"
#include "glob.h"

#define COUNT_MAX 1000000000L /* as the attribute's options (options.cc) */

/* ---------------------------------------------------------- values */

static const char *kind_name(const cfg_node *n)
{
	return n->kind == cfg_node::SEQUENCE ? "a list" : "a mapping";
}

static bool is_null(const cfg_node *n)
{
	return n->kind == cfg_node::SCALAR && n->plain &&
	       (n->value.empty() || n->value == "~" || n->value == "null" ||
		n->value == "Null" || n->value == "NULL");
}

/* What a wrong value was, for "expected X, got Y". */
static std::string got(const cfg_node *n)
{
	if (n->kind != cfg_node::SCALAR)
		return kind_name(n);
	if (is_null(n))
		return "nothing";
	return cfg_quote(n->value);
}

static bool get_string(bench_cfg *cfg, cfg_source *src, const char *key, const cfg_node *v,
		       std::string *out)
{
	if (v->kind != cfg_node::SCALAR || is_null(v)) {
		error_at_node(cfg, src, v, "expected a string for '%s', got %s", key, got(v).c_str());
		return false;
	}
	if (v->value.empty()) {
		error_at_node(cfg, src, v, "'%s' must not be empty", key);
		return false;
	}
	for (unsigned char c : v->value) {
		if (c < 0x20 || c == 0x7f) {
			error_at_node(cfg, src, v, "'%s' must not contain control characters", key);
			return false;
		}
	}
	*out = v->value;
	return true;
}

static bool get_int(bench_cfg *cfg, cfg_source *src, const char *key, const cfg_node *v,
		    long min, long max, long *out)
{
	const std::string &s = v->value;
	size_t i = 0;
	long val = 0;
	bool neg = false;

	if (v->kind != cfg_node::SCALAR || !v->plain || s.empty()) {
		error_at_node(cfg, src, v, "expected an integer for '%s', got %s%s", key,
			      v->kind == cfg_node::SCALAR && !is_null(v) ? "the string " : "",
			      got(v).c_str());
		return false;
	}
	if (s[0] == '-' || s[0] == '+') {
		neg = s[0] == '-';
		i = 1;
	}
	if (i == s.size()) {
		error_at_node(cfg, src, v, "expected an integer for '%s', got %s", key, got(v).c_str());
		return false;
	}
	for (; i < s.size(); i++) {
		if (s[i] < '0' || s[i] > '9') {
			error_at_node(cfg, src, v, "expected an integer for '%s', got %s", key,
				      got(v).c_str());
			return false;
		}
		if (val <= max)
			val = val * 10 + (s[i] - '0');
	}
	if (neg)
		val = -val;
	if (val < min) {
		if (min == 0)
			error_at_node(cfg, src, v, "'%s' cannot be negative, got %s", key,
				      cfg_quote(s).c_str());
		else
			error_at_node(cfg, src, v, "'%s' must be at least %ld, got %s", key, min,
				      cfg_quote(s).c_str());
		return false;
	}
	if (val > max) {
		error_at_node(cfg, src, v, "'%s' must be at most %ld, got %s", key, max,
			      cfg_quote(s).c_str());
		return false;
	}
	*out = val;
	return true;
}

static bool get_bool(bench_cfg *cfg, cfg_source *src, const char *key, const cfg_node *v, bool *out)
{
	static const char *const yes[] = { "true", "True", "TRUE" };
	static const char *const no[] = { "false", "False", "FALSE" };

	if (v->kind == cfg_node::SCALAR && v->plain) {
		for (const char *t : yes)
			if (v->value == t)
				return *out = true;
		for (const char *f : no)
			if (v->value == f) {
				*out = false;
				return true;
			}
	}
	error_at_node(cfg, src, v, "expected true or false for '%s', got %s", key, got(v).c_str());
	return false;
}

static bool get_choice(bench_cfg *cfg, cfg_source *src, const char *key, const cfg_node *v,
		       const std::vector<std::string> &choices, std::string *out)
{
	std::string list;

	if (v->kind == cfg_node::SCALAR && !is_null(v))
		for (const std::string &c : choices)
			if (v->value == c) {
				*out = c;
				return true;
			}
	for (size_t i = 0; i < choices.size(); i++)
		list += (i == 0 ? "" : i + 1 == choices.size() ? " or " : ", ") + choices[i];
	error_at_node(cfg, src, v, "'%s' must be %s, got %s%s", key, list.c_str(),
		      got(v).c_str(),
		      v->kind == cfg_node::SCALAR ? cfg_did_you_mean(v->value, choices).c_str() : "");
	return false;
}

/* A plain decimal number in [0, 1]; the text is kept as written. */
static bool get_fraction(bench_cfg *cfg, cfg_source *src, const char *key, const cfg_node *v,
			 std::string *out)
{
	const std::string &s = v->value;
	bool digit = false, ok = v->kind == cfg_node::SCALAR && v->plain && !s.empty();

	for (size_t i = 0; ok && i < s.size(); i++) {
		char c = s[i];
		if (c >= '0' && c <= '9')
			digit = true;
		else if (!(c == '.' || c == 'e' || c == 'E' || c == '-' || c == '+'))
			ok = false;
	}
	if (ok && digit) {
		char *end;
		double d = strtod(s.c_str(), &end);
		if (*end == '\0') {
			if (!(d >= 0.0 && d <= 1.0)) {
				error_at_node(cfg, src, v, "'%s' must be between 0 and 1, got %s",
					      key, cfg_quote(s).c_str());
				return false;
			}
			*out = s;
			return true;
		}
	}
	error_at_node(cfg, src, v, "expected a number for '%s', got %s", key, got(v).c_str());
	return false;
}

/* ---------------------------------------------------------- mappings */

/* Calls FN(key, value) for each known key of mapping MAP; reports keys that
 * are not strings, duplicates and unknown keys (with a suggestion). */
template <typename F>
static void each_key(bench_cfg *cfg, cfg_source *src, const cfg_node *map,
		     const std::vector<std::string> &known, F fn)
{
	/* Hashed: a hostile mapping may have tens of thousands of keys. */
	std::unordered_map<std::string, const cfg_node *> seen;

	for (size_t i = 0; i + 1 < map->kids.size(); i += 2) {
		const cfg_node *k = map->kids[i], *v = map->kids[i + 1];

		if (k->kind != cfg_node::SCALAR) {
			error_at_node(cfg, src, k, "a key must be a plain word, not %s", kind_name(k));
			continue;
		}
		auto first = seen.emplace(k->value, k);
		if (!first.second) {
			error_at_node(cfg, src, k, "duplicate key %s (first at line %d)",
				      cfg_quote(k->value).c_str(), first.first->second->line);
			continue;
		}
		if (std::find(known.begin(), known.end(), k->value) == known.end()) {
			error_at_node(cfg, src, k, "unknown key %s%s", cfg_quote(k->value).c_str(),
				      cfg_did_you_mean(k->value, known).c_str());
			continue;
		}
		fn(k->value, k, v);
	}
}

static bool expect_kind(bench_cfg *cfg, cfg_source *src, const char *what, const cfg_node *v,
			cfg_node::kind_t kind)
{
	if (v->kind == kind)
		return true;
	error_at_node(cfg, src, v, "'%s' must be %s, got %s", what,
		      kind == cfg_node::MAPPING ? "a mapping of keys" : "a list", got(v).c_str());
	return false;
}

static void check_version(bench_cfg *cfg, cfg_source *src, const cfg_node *root, bool *supported)
{
	*supported = true;
	for (size_t i = 0; i + 1 < root->kids.size(); i += 2) {
		const cfg_node *k = root->kids[i], *v = root->kids[i + 1];
		if (k->kind == cfg_node::SCALAR && k->value == "version") {
			if (v->kind == cfg_node::SCALAR && !v->plain) {
				error_at_node(cfg, src, v, "expected the number 1 for 'version', got the string %s",
					      cfg_quote(v->value).c_str());
				*supported = false;
			} else if (v->kind != cfg_node::SCALAR || v->value != "1") {
				error_at_node(cfg, src, v,
					      "unsupported config version %s (this bench reads version 1)",
					      got(v).c_str());
				*supported = false;
			}
			return;
		}
	}
	error_at_node(cfg, src, root, "missing 'version: 1' at the top of the config");
}

/* ------------------------------------------------------------ rules */

static const std::vector<std::string> rule_keys = {
	"function", "function_regex", "file", "exclude", "name",
	"iterations", "warmup", "cpu", "nonblocking",
};

/*
 * function_regex is compiled by RE2, not glibc's regcomp: regcomp has no
 * limit of its own and goes exponential on short patterns (nested optional
 * groups under a repetition, "((a?)?(a?)?...)+", stacked '+', nested
 * {m,n}), and no estimate made before it caught every shape: a config line
 * could hang the compiler.  RE2 matches in linear time, refuses a pattern
 * whose program would pass REGEX_MAX_MEM, and refuses repetition counts
 * over 1000 (also multiplied through nesting).  Its compile time grows
 * faster than the pattern on some shapes ("(a?a?...)+"); the 4096-byte
 * limit on every config value keeps the worst near 15 ms.
 *
 * RE2's POSIX mode reads egrep syntax; \d \w \s and \b are kept because
 * glibc accepted them.
 */
#define REGEX_MAX_MEM (1 << 20)

/* glibc read "{,n}" as "{0,n}"; RE2 reads it as literal text, which no
 * function name contains, so the rule would silently match nothing.
 * Returns the "{,n}" found outside brackets, or "". */
static std::string open_interval(const std::string &re)
{
	for (size_t i = 0; i < re.size(); i++) {
		if (re[i] == '\\') {
			i++;
		} else if (re[i] == '[') {
			i++;
			if (i < re.size() && re[i] == '^')
				i++;
			if (i < re.size() && re[i] == ']')
				i++;
			for (; i < re.size() && re[i] != ']'; i++) {
				if (re[i] == '\\') {
					i++;
				} else if (re[i] == '[' && i + 1 < re.size() && re[i + 1] == ':') {
					size_t close = re.find(":]", i + 2);
					if (close != std::string::npos)
						i = close + 1;
				}
			}
		} else if (re[i] == '{' && i + 1 < re.size() && re[i + 1] == ',') {
			size_t j = i + 2;
			while (j < re.size() && re[j] >= '0' && re[j] <= '9')
				j++;
			if (j > i + 2 && j < re.size() && re[j] == '}')
				return re.substr(i, j + 1 - i);
		}
	}
	return "";
}

/* Why RE2 refused RE, in the words of the config's other diagnostics
 * (RE2's own text echoes raw pattern bytes). */
static std::string regex_error_words(const re2::RE2 &re)
{
	const std::string &arg = re.error_arg();

	switch (re.error_code()) {
	case re2::RE2::ErrorBadEscape:
		if (arg.size() == 2 && arg[1] >= '1' && arg[1] <= '9')
			return "back-references are not supported";
		return "unknown escape " + cfg_quote(arg);
	case re2::RE2::ErrorBadCharClass:
	case re2::RE2::ErrorBadCharRange:
		return "invalid range or class " + cfg_quote(arg) + " in '[...]'";
	case re2::RE2::ErrorMissingBracket:
		return "missing ']'";
	case re2::RE2::ErrorMissingParen:
		return "missing ')'";
	case re2::RE2::ErrorUnexpectedParen:
		return "unmatched ')'";
	case re2::RE2::ErrorTrailingBackslash:
		return "lone '\\' at the end";
	case re2::RE2::ErrorRepeatArgument:
		return cfg_quote(arg) + " repeats nothing";
	case re2::RE2::ErrorRepeatSize:
		return "repetition " + cfg_quote(arg) +
		       " is reversed or too large (counts, multiplied through nested groups, stop at 1000)";
	case re2::RE2::ErrorRepeatOp:
		return "invalid repetition " + cfg_quote(arg);
	case re2::RE2::ErrorBadPerlOp:
		return "'(?' groups are not supported";
	case re2::RE2::ErrorPatternTooLarge:
		return "too complex (its compiled form would pass 1 MiB)";
	default:
		return "refused by RE2 (" + cfg_quote(re.error()) + ")";
	}
}

/* Compiles rule R's function_regex (node V) into R->re, or reports why
 * not. */
static bool compile_function_regex(bench_cfg *cfg, cfg_source *src, const cfg_node *v, cfg_rule *r)
{
	std::string why, braces;

	braces = open_interval(r->function);
	if (!braces.empty()) {
		error_at_node(cfg, src, v, "invalid regular expression %s: write %s as '{0,%s'",
			      cfg_quote(r->function).c_str(), cfg_quote(braces).c_str(),
			      braces.substr(2).c_str());
		return false;
	}

	re2::RE2::Options opts;
	opts.set_posix_syntax(true);
	opts.set_perl_classes(true);
	opts.set_word_boundary(true);
	/* Names are bytes: no UTF-8 check, '.' is one byte as with regcomp
	 * in the C locale. */
	opts.set_encoding(re2::RE2::Options::EncodingLatin1);
	opts.set_never_capture(true);
	opts.set_log_errors(false);
	opts.set_max_mem(REGEX_MAX_MEM);
	r->re = new re2::RE2(r->function, opts);
	if (r->re->ok())
		return true;
	why = regex_error_words(*r->re);
	error_at_node(cfg, src, v, "invalid regular expression %s: %s", cfg_quote(r->function).c_str(),
		      why.c_str());
	delete r->re;
	r->re = NULL;
	return false;
}

static void parse_rule(bench_cfg *cfg, cfg_source *src, const cfg_node *item)
{
	cfg_rule *r;
	const cfg_node *function_key = NULL;
	std::vector<const cfg_node *> option_keys;
	bool ok = true;

	if (item->kind != cfg_node::MAPPING) {
		error_at_node(cfg, src, item,
			      "a rule must be a mapping such as '- function: \"name*\"', got %s",
			      got(item).c_str());
		return;
	}
	r = new cfg_rule();
	r->line = item->line;
	r->re = NULL;
	r->has_file = false;
	r->exclude = false;
	r->opts = { NULL, -1, -1, -1, -1 };

	each_key(cfg, src, item, rule_keys, [&](const std::string &key, const cfg_node *k, const cfg_node *v) {
		long n = 0;
		bool b = false;

		if (key == "function" || key == "function_regex") {
			if (function_key) {
				error_at_node(cfg, src, k, "'%s' and '%s' cannot be used in the same rule",
					      function_key->value.c_str(), key.c_str());
				ok = false;
				return;
			}
			function_key = k;
			if (!get_string(cfg, src, key.c_str(), v, &r->function)) {
				ok = false;
				return;
			}
			if (key == "function") {
				size_t off;
				const char *why = bench_glob_check(r->function.c_str(), &off);
				if (why) {
					error_at_node(cfg, src, v, "invalid glob %s: %s",
						      cfg_quote(r->function).c_str(), why);
					ok = false;
				}
				return;
			}
			if (!compile_function_regex(cfg, src, v, r))
				ok = false;
		} else if (key == "file") {
			size_t off;
			if (!get_string(cfg, src, "file", v, &r->file)) {
				ok = false;
				return;
			}
			const char *why = bench_glob_check(r->file.c_str(), &off);
			if (why) {
				error_at_node(cfg, src, v, "invalid glob %s: %s", cfg_quote(r->file).c_str(), why);
				ok = false;
			}
			r->has_file = true;
		} else if (key == "exclude") {
			if (get_bool(cfg, src, "exclude", v, &b))
				r->exclude = b;
			else
				ok = false;
		} else {
			option_keys.push_back(k);
			if (key == "name") {
				if (get_string(cfg, src, "name", v, &r->name))
					r->opts.name = r->name.c_str();
				else
					ok = false;
			} else if (key == "iterations" || key == "warmup") {
				if (get_int(cfg, src, key.c_str(), v, key == "iterations" ? 1 : 0,
					    COUNT_MAX, &n))
					(key == "iterations" ? r->opts.iterations : r->opts.warmup) = (int)n;
				else
					ok = false;
			} else if (get_bool(cfg, src, key.c_str(), v, &b)) {
				(key == "cpu" ? r->opts.cpu : r->opts.nonblocking) = b;
			} else {
				ok = false;
			}
		}
	});

	if (!function_key) {
		error_at_node(cfg, src, item, "a rule needs 'function' (a glob) or 'function_regex'");
		ok = false;
	}
	if (r->exclude)
		for (const cfg_node *k : option_keys) {
			error_at_node(cfg, src, k, "'%s' has no effect in a rule with 'exclude: true'",
				      k->value.c_str());
			ok = false;
		}
	if (!ok) {
		delete r->re;
		delete r;
		return;
	}
	cfg->rules.push_back(r);
}

/* ---------------------------------------------------------- runtime */

static void parse_runtime(bench_cfg *cfg, cfg_source *src, const cfg_node *map)
{
	static const std::vector<std::string> keys = {
		"output", "format", "enable", "flush_ms", "buffer", "buffer_policy", "spool",
		"spool_dir", "spool_max_mb", "clock",
		"max_depth", "trace_depth", "blocking_min_us", "on_violation", "sample",
	};
	/* The ranges runtime/env.c and runtime/blocking.c accept, so that a
	 * value the runtime would ignore is a compile error instead. */
	static const struct { const char *key; long min, max; } ranges[] = {
		{ "flush_ms", 1, 3600000 },
		{ "buffer", 16, 16777216 },
		{ "spool_max_mb", 1, 1048576 },
		{ "max_depth", 1, 65535 },
		{ "trace_depth", 0, 64 },
		{ "blocking_min_us", 0, 4294967295L },
	};

	if (!expect_kind(cfg, src, "runtime", map, cfg_node::MAPPING))
		return;
	cfg->has_runtime = true;
	each_key(cfg, src, map, keys, [&](const std::string &key, const cfg_node *, const cfg_node *v) {
		std::string text;
		long n = 0;
		bool b = false;
		const char *k = key.c_str();
		bool ok;

		if (key == "output" || key == "spool_dir") {
			ok = get_string(cfg, src, k, v, &text);
			if (ok && text.size() >= 4096) {
				error_at_node(cfg, src, v, "'%s' must be shorter than 4096 bytes", k);
				ok = false;
			}
		} else if (key == "clock")
			ok = get_choice(cfg, src, k, v, { "tsc", "monotonic" }, &text);
		else if (key == "format")
			ok = get_choice(cfg, src, k, v, { "jsonl", "summary" }, &text);
		else if (key == "buffer_policy")
			ok = get_choice(cfg, src, k, v, { "block", "drop" }, &text);
		else if (key == "on_violation")
			ok = get_choice(cfg, src, k, v, { "record", "warn", "abort" }, &text);
		else if (key == "sample")
			ok = get_fraction(cfg, src, k, v, &text);
		else if (key == "enable" || key == "spool") {
			ok = get_bool(cfg, src, k, v, &b);
			text = b ? "1" : "0";
		} else {
			ok = false;
			for (const auto &r : ranges)
				if (key == r.key)
					ok = get_int(cfg, src, k, v, r.min, r.max, &n);
			text = std::to_string(n);
		}
		if (ok)
			cfg->runtime += key + "=" + text + "\n";
	});
}

/* ---------------------------------------------------------- blocking */

namespace {

struct blocking_entry {
	std::string name, category;
	int weight;
	int descriptor_arg, flags_arg, timeout_arg;
	long nowait_mask;
	bool from_add;
};

} /* namespace */

static bool symbol_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '.' || c == '$' || c == '@';
}

/* Characters a C++ qualified name may have besides a symbol's, as the
 * plugin prints it: "ns::Store<unsigned int>::operator+=". */
static bool cxx_name_char(unsigned char c)
{
	return c && strchr(":<>, ()&~=+-*/%!|^[]", c) != NULL;
}

/* A symbol name or a C++ qualified name ("db::query", matched against the
 * readable names of C++ functions), or (WITH_GLOB) a glob over either. */
static bool check_symbol(bench_cfg *cfg, cfg_source *src, const char *key, const cfg_node *v,
			 bool with_glob, std::string *out)
{
	size_t off;

	if (!get_string(cfg, src, key, v, out))
		return false;
	bool qualified = out->find("::") != std::string::npos;
	for (unsigned char c : *out) {
		if (!symbol_char(c) && !(with_glob && strchr("*?[]!^-\\", c)) &&
		    !(qualified && cxx_name_char(c))) {
			error_at_node(cfg, src, v, "%s is not a symbol name%s", cfg_quote(*out).c_str(),
				      with_glob ? " or glob" : "");
			return false;
		}
	}
	const char *why = bench_glob_check(out->c_str(), &off);
	if (why) {
		error_at_node(cfg, src, v, "invalid glob %s: %s", cfg_quote(*out).c_str(), why);
		return false;
	}
	return true;
}

static std::vector<std::string> preset_names(const std::string &dir)
{
	std::vector<std::string> names;
	DIR *d = dir.empty() ? NULL : opendir(dir.c_str());
	struct dirent *e;

	while (d && (e = readdir(d)) != NULL) {
		size_t len = strlen(e->d_name);
		if (len > 5 && strcmp(e->d_name + len - 5, ".yaml") == 0)
			names.push_back(std::string(e->d_name, len - 5));
	}
	if (d)
		closedir(d);
	std::sort(names.begin(), names.end());
	return names;
}

/* Reads the preset file PATH into ENTRIES; its problems are reported at
 * its own lines, plus a note at the config's preset: line. */
static bool load_preset(bench_cfg *cfg, const char *path, const std::string &bytes,
			std::vector<blocking_entry> *entries)
{
	static const std::vector<std::string> top = { "version", "functions" };
	static const std::vector<std::string> fn_keys = { "name",  "category", "weight", "descriptor",
							   "flags", "nowait",   "timeout" };
	cfg_source src = {};
	int errors = cfg->errors;
	bool supported;

	src.path = path;
	src.bytes = bytes.data();
	src.len = bytes.size();
	cfg_index_lines(&src);
	const cfg_node *root = cfg_read_tree(cfg, &src);
	if (!root)
		return false;
	check_version(cfg, &src, root, &supported);
	if (!supported)
		return false;
	bool has_functions = false;
	each_key(cfg, &src, root, top, [&](const std::string &key, const cfg_node *, const cfg_node *v) {
		if (key != "functions" || !expect_kind(cfg, &src, "functions", v, cfg_node::SEQUENCE))
			return;
		has_functions = true;
		for (const cfg_node *item : v->kids) {
			blocking_entry e = { "", "", 1, 0, 0, 0, 0, false };
			const cfg_node *flags_node = NULL, *nowait_node = NULL;
			bool have_name = false, have_category = false;

			if (item->kind != cfg_node::MAPPING) {
				error_at_node(cfg, &src, item,
					      "a preset entry must be a mapping such as "
					      "'{name: usleep, category: sleep, weight: 50}', got %s",
					      got(item).c_str());
				continue;
			}
			each_key(cfg, &src, item, fn_keys,
				 [&](const std::string &k, const cfg_node *, const cfg_node *val) {
					 long n = 0;
					 if (k == "name") {
						 have_name = check_symbol(cfg, &src, "name", val, false, &e.name);
						 if (have_name && !bench_glob_is_literal(e.name.c_str()))
							 have_name = false;
					 } else if (k == "category") {
						 have_category = get_string(cfg, &src, "category", val,
									    &e.category);
					 } else if (k == "weight") {
						 if (get_int(cfg, &src, "weight", val, 0, 1000000, &n))
							 e.weight = (int)n;
					 } else if (k == "nowait") {
						 nowait_node = val;
						 if (get_int(cfg, &src, "nowait", val, 1, LONG_MAX, &n))
							 e.nowait_mask = n;
					 } else if (get_int(cfg, &src, k.c_str(), val, 1, 16, &n)) {
						 if (k == "flags")
							 flags_node = val;
						 (k == "descriptor" ? e.descriptor_arg
						  : k == "flags"    ? e.flags_arg
								    : e.timeout_arg) = (int)n;
					 }
				 });
			/* One without the other would silently do nothing. */
			if (flags_node && !nowait_node)
				error_at_node(cfg, &src, flags_node,
					      "'flags' needs 'nowait', the bits that make the call "
					      "return at once");
			else if (nowait_node && !flags_node)
				error_at_node(cfg, &src, nowait_node,
					      "'nowait' needs 'flags', the position of the argument "
					      "it is tested against");
			if (!have_name || !have_category) {
				if (cfg->errors == errors)
					error_at_node(cfg, &src, item, "a preset entry needs 'name' and 'category'");
				continue;
			}
			for (const blocking_entry &prev : *entries)
				if (prev.name == e.name) {
					error_at_node(cfg, &src, item, "%s is listed twice in the preset",
						      cfg_quote(e.name).c_str());
					have_name = false;
				}
			if (have_name)
				entries->push_back(e);
		}
	});
	if (!has_functions && cfg->errors == errors)
		error_at_node(cfg, &src, root, "a preset needs a 'functions' list");
	return cfg->errors == errors;
}

static void parse_blocking(bench_cfg *cfg, cfg_source *src, const cfg_node *map)
{
	static const std::vector<std::string> keys = { "preset", "add", "remove" };
	std::vector<blocking_entry> entries;
	std::vector<std::pair<const cfg_node *, std::string>> removes;
	int errors = cfg->errors;

	if (!expect_kind(cfg, src, "blocking", map, cfg_node::MAPPING))
		return;
	/* preset first, whatever the key order, so add and remove apply to it. */
	for (size_t i = 0; i + 1 < map->kids.size(); i += 2) {
		const cfg_node *k = map->kids[i], *v = map->kids[i + 1];
		std::string name, path, bytes, why;

		if (k->kind != cfg_node::SCALAR || k->value != "preset")
			continue;
		if (!get_string(cfg, src, "preset", v, &name))
			return;
		bool is_path = name.find('/') != std::string::npos ||
			       (name.size() > 5 && name.compare(name.size() - 5, 5, ".yaml") == 0);
		if (is_path) {
			path = name[0] == '/' ? name : cfg->dir + name;
		} else {
			for (unsigned char c : name)
				if (!symbol_char(c) && c != '-') {
					error_at_node(cfg, src, v, "invalid preset name %s", cfg_quote(name).c_str());
					return;
				}
			path = cfg->preset_dir.empty() ? "" : cfg->preset_dir + "/" + name + ".yaml";
		}
		if (path.empty() || !cfg_read_file(path.c_str(), &bytes, &why)) {
			if (!is_path && (path.empty() || why == strerror(ENOENT))) {
				error_at_node(cfg, src, v, "unknown preset %s%s: no file %s",
					      cfg_quote(name).c_str(),
					      cfg_did_you_mean(name, preset_names(cfg->preset_dir)).c_str(),
					      path.empty() ? "(no presets folder)" : path.c_str());
			} else {
				error_at_node(cfg, src, v, "cannot read preset %s: %s",
					      cfg_quote(path).c_str(), why.c_str());
			}
			return;
		}
		if (!load_preset(cfg, cfg_keep(cfg, path), bytes, &entries)) {
			cfg_report(cfg, src, v->line, v->column, BENCH_CFG_NOTE,
			       "in the preset %s named here", cfg_quote(name).c_str());
			return;
		}
	}
	each_key(cfg, src, map, keys, [&](const std::string &key, const cfg_node *, const cfg_node *v) {
		if (key == "preset" || !expect_kind(cfg, src, key.c_str(), v, cfg_node::SEQUENCE))
			return;
		for (const cfg_node *item : v->kids) {
			std::string name;
			if (!check_symbol(cfg, src, key.c_str(), item, true, &name))
				continue;
			if (key == "remove") {
				removes.push_back({ item, name });
				continue;
			}
			bool known = false;
			for (const blocking_entry &e : entries)
				known = known || e.name == name;
			if (!known)
				entries.push_back({ name, "user", 1, 0, 0, 0, 0, true });
		}
	});
	if (cfg->errors != errors)
		return;
	for (auto &rm : removes) {
		std::vector<std::string> names;
		size_t before = entries.size();
		for (const blocking_entry &e : entries)
			names.push_back(e.name);
		entries.erase(std::remove_if(entries.begin(), entries.end(),
					     [&](const blocking_entry &e) {
						     return e.name == rm.second ||
							    (!e.from_add &&
							     bench_glob_match(rm.second.c_str(), e.name.c_str()));
					     }),
			      entries.end());
		if (entries.size() == before)
			warning_at_node(cfg, src, rm.first, "%s in 'remove' matches no blocking function%s",
					cfg_quote(rm.second).c_str(), cfg_did_you_mean(rm.second, names).c_str());
	}
	for (const blocking_entry &e : entries)
		cfg->blocking.push_back({ cfg_keep(cfg, e.name), cfg_keep(cfg, e.category), e.weight,
					  e.descriptor_arg, e.flags_arg, e.nowait_mask, e.timeout_arg });
}

/* ------------------------------------------------------------- entry */

static void parse_config(bench_cfg *cfg, const char *bytes, size_t len)
{
	static const std::vector<std::string> top = { "version", "instrument", "runtime", "blocking" };
	cfg_source src = {};
	bool supported;

	src.path = cfg_keep(cfg, cfg->path);
	src.bytes = bytes;
	src.len = len;
	cfg_index_lines(&src);
	const cfg_node *root = cfg_read_tree(cfg, &src);
	if (!root)
		return;
	check_version(cfg, &src, root, &supported);
	if (!supported)
		return; /* another version's keys would only add noise */
	each_key(cfg, &src, root, top, [&](const std::string &key, const cfg_node *, const cfg_node *v) {
		if (key == "instrument") {
			if (expect_kind(cfg, &src, "instrument", v, cfg_node::SEQUENCE))
				for (const cfg_node *item : v->kids)
					parse_rule(cfg, &src, item);
		} else if (key == "runtime") {
			parse_runtime(cfg, &src, v);
		} else if (key == "blocking") {
			parse_blocking(cfg, &src, v);
		}
	});
}

static bench_cfg *new_cfg(const char *path, const char *preset_dir)
{
	bench_cfg *cfg = new bench_cfg();
	const char *slash = strrchr(path, '/');

	cfg->path = path;
	cfg->dir = slash ? std::string(path, (size_t)(slash - path) + 1) : "";
	cfg->preset_dir = preset_dir ? preset_dir : "";
	cfg->errors = 0;
	cfg->truncated = false;
	cfg->has_runtime = false;
	return cfg;
}

bench_cfg *bench_cfg_parse(const char *path, const char *bytes, size_t len, const char *preset_dir)
{
	bench_cfg *cfg = new_cfg(path, preset_dir);

	if (len > BENCH_CFG_MAX_FILE_BYTES)
		cfg_add_diag(cfg, cfg_keep(cfg, path), 0, 0, BENCH_CFG_ERROR,
			 "cannot read config: larger than 1 MiB");
	else
		parse_config(cfg, bytes, len);
	return cfg;
}

bench_cfg *bench_cfg_load(const char *path, const char *preset_dir)
{
	std::string bytes, why;

	if (!cfg_read_file(path, &bytes, &why)) {
		bench_cfg *cfg = new_cfg(path, preset_dir);
		cfg_add_diag(cfg, cfg_keep(cfg, path), 0, 0, BENCH_CFG_ERROR, "cannot read config: " + why);
		return cfg;
	}
	return bench_cfg_parse(path, bytes.data(), bytes.size(), preset_dir);
}

void bench_cfg_free(bench_cfg *cfg)
{
	if (!cfg)
		return;
	for (cfg_rule *r : cfg->rules) {
		delete r->re;
		delete r;
	}
	delete cfg;
}

int bench_cfg_diag_count(const bench_cfg *cfg)
{
	return (int)cfg->diags.size();
}

const bench_cfg_diag *bench_cfg_diag_get(const bench_cfg *cfg, int i)
{
	return i >= 0 && i < (int)cfg->diags.size() ? &cfg->diags[i] : NULL;
}

int bench_cfg_error_count(const bench_cfg *cfg)
{
	return cfg->errors;
}
