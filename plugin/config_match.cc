/*
 * config_match.cc - answers the plugin's questions about a parsed config:
 * which rule takes a function (the first that matches), why none does,
 * the runtime defaults and the blocking list.
 */
#include <string.h>

#include <re2/re2.h>

#include "config_internal.h"
#include "glob.h"

/* ------------------------------------------------------------ matching */

static const char *strip_dot_slash(const char *p)
{
	while (p[0] == '.' && p[1] == '/')
		p += 2;
	return p;
}

bool bench_cfg_file_match(const char *pattern, const char *file)
{
	pattern = strip_dot_slash(pattern);
	file = strip_dot_slash(file);
	if (!strchr(pattern, '/')) {
		const char *base = strrchr(file, '/');
		return bench_glob_match(pattern, base ? base + 1 : file);
	}
	if (bench_glob_match(pattern, file))
		return true;
	if (pattern[0] == '/')
		return false;
	/* Build systems often pass absolute paths: a "src/..." pattern still
	 * means the src directory wherever the tree is. */
	for (const char *s = strchr(file, '/'); s; s = strchr(s + 1, '/'))
		if (bench_glob_match(pattern, s + 1))
			return true;
	return false;
}

static bool name_matches(const cfg_rule *r, const char *function)
{
	if (!r->re)
		return bench_glob_match(r->function.c_str(), function);
	return re2::RE2::FullMatch(function, *r->re);
}

int bench_cfg_match(const bench_cfg *cfg, const char *function, const char *file,
		    bool *exclude, bench_cfg_options *opts, int *line)
{
	for (size_t i = 0; i < cfg->rules.size(); i++) {
		const cfg_rule *r = cfg->rules[i];
		if (!name_matches(r, function))
			continue;
		if (r->has_file && (!file || !bench_cfg_file_match(r->file.c_str(), file)))
			continue;
		*exclude = r->exclude;
		*opts = r->opts;
		*line = r->line;
		return (int)i;
	}
	return -1;
}

const char *bench_cfg_no_match_reason(bench_cfg *cfg, const char *function, const char *file)
{
	bool exclude;
	bench_cfg_options opts;
	int line;

	if (bench_cfg_match(cfg, function, file, &exclude, &opts, &line) >= 0)
		return NULL;
	if (cfg->rules.empty()) {
		cfg->reason = "the config " + cfg->path + " has no instrument rules";
		return cfg->reason.c_str();
	}
	for (const cfg_rule *r : cfg->rules) {
		if (name_matches(r, function)) {
			cfg->reason = "the rule at " + cfg->path + ":" + std::to_string(r->line) +
				      " matches the name, but its file: " + cfg_quote(r->file) +
				      " does not match " + cfg_quote(file ? file : "");
			return cfg->reason.c_str();
		}
	}
	cfg->reason = cfg->rules.size() == 1
			      ? "the one rule in " + cfg->path + " does not match the name"
			      : "none of the " + std::to_string(cfg->rules.size()) + " rules in " +
					cfg->path + " matches the name";
	return cfg->reason.c_str();
}

const char *bench_cfg_runtime_defaults(const bench_cfg *cfg)
{
	return cfg->has_runtime && !cfg->runtime.empty() ? cfg->runtime.c_str() : NULL;
}

const bench_blocking_fn *bench_cfg_blocking(const bench_cfg *cfg, int *count)
{
	*count = (int)cfg->blocking.size();
	return cfg->blocking.empty() ? NULL : cfg->blocking.data();
}
