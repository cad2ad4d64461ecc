/*
 * config_internal.h - what the files of the config core share: the YAML
 * node tree with positions, the parsed rules, the bench_cfg object and
 * the diagnostic helpers.  The GCC side (config.cc) uses config_parse.h
 * only.
 */
#ifndef BENCH_PLUGIN_CONFIG_INTERNAL_H
#define BENCH_PLUGIN_CONFIG_INTERNAL_H

#include <deque>
#include <string>
#include <vector>

#include "config_parse.h"

namespace re2 {
class RE2;
}

struct cfg_node {
	enum kind_t { SCALAR, SEQUENCE, MAPPING } kind;
	int line, column;
	bool plain; /* a scalar written without quotes: may be a number/bool */
	std::string value;
	std::vector<cfg_node *> kids; /* items; or key, value, key, value, ... */
};

struct cfg_rule {
	int line;
	std::string function; /* glob or regex text */
	re2::RE2 *re; /* for function_regex; NULL for a glob */
	std::string file;
	bool has_file;
	bool exclude;
	std::string name;
	bench_cfg_options opts;
};

/* One file being read: the config or a preset. */
struct cfg_source {
	const char *path; /* stable: lives in bench_cfg::strings */
	const char *bytes;
	size_t len;
	std::vector<size_t> line_starts;
	std::deque<cfg_node> nodes;
	/* libyaml's mark.index counts characters: this cursor converts
	 * increasing character indexes to byte offsets in one pass. */
	size_t cursor_char, cursor_byte, bom;
};

struct bench_cfg {
	std::string path;
	std::string dir; /* of the config, for relative preset paths */
	std::string preset_dir;
	std::deque<std::string> strings;
	std::vector<bench_cfg_diag> diags;
	int errors;
	bool truncated;
	std::vector<cfg_rule *> rules;
	bool has_runtime;
	std::string runtime;
	std::vector<bench_blocking_fn> blocking;
	std::string reason;
};

/* Diagnostics are recorded in CFG (at most BENCH_CFG_MAX_DIAGS), never
 * printed: config.cc hands them to GCC. */
const char *cfg_keep(bench_cfg *cfg, const std::string &s);
void cfg_add_diag(bench_cfg *cfg, const char *file, int line, int column,
		  bench_cfg_severity sev, const std::string &msg);
void cfg_report(bench_cfg *cfg, const cfg_source *src, int line, int column, bench_cfg_severity sev,
		const char *fmt, ...) __attribute__((format(printf, 6, 7)));

#define error_at_node(cfg, src, n, ...) \
	cfg_report(cfg, src, (n)->line, (n)->column, BENCH_CFG_ERROR, __VA_ARGS__)
#define warning_at_node(cfg, src, n, ...) \
	cfg_report(cfg, src, (n)->line, (n)->column, BENCH_CFG_WARNING, __VA_ARGS__)

/* User text for a message: quoted, escaped to printable ASCII, shortened. */
std::string cfg_quote(const std::string &s);

/* " (did you mean 'x'?)" for the closest of CANDS, or "". */
std::string cfg_did_you_mean(const std::string &word, const std::vector<std::string> &cands);

/* Prepares SRC (path, bytes and len set) for cfg_read_tree. */
void cfg_index_lines(cfg_source *src);

/* The document's root mapping, or NULL after reporting why there is none. */
cfg_node *cfg_read_tree(bench_cfg *cfg, cfg_source *src);

/* A regular file of at most BENCH_CFG_MAX_FILE_BYTES into OUT; else false
 * with the reason in WHY. */
bool cfg_read_file(const char *path, std::string *out, std::string *why);

#endif
