/*
 * config_yaml.cc - turns a config's bytes into a small node tree with
 * libyaml's event API, keeping each node's line and byte column, and
 * records diagnostics.
 *
 * Events, not libyaml's document loader, so that aliases are refused
 * before they expand and nesting, counts and sizes are bounded while
 * reading.  Positions are byte columns on '\n'-separated lines, as GCC
 * counts them, so GCC can show the config line under an error.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>

#include <yaml.h>

#include "config_internal.h"

/* ------------------------------------------------------------ diagnostics */

const char *cfg_keep(bench_cfg *cfg, const std::string &s)
{
	cfg->strings.push_back(s);
	return cfg->strings.back().c_str();
}

void cfg_add_diag(bench_cfg *cfg, const char *file, int line, int column,
		     bench_cfg_severity sev, const std::string &msg)
{
	if (cfg->truncated)
		return;
	if ((int)cfg->diags.size() >= BENCH_CFG_MAX_DIAGS) {
		cfg->truncated = true;
		bench_cfg_diag d = { file, line, column, BENCH_CFG_ERROR,
				     cfg_keep(cfg, "too many errors in the config; stopping here") };
		cfg->diags.push_back(d);
		cfg->errors++;
		return;
	}
	bench_cfg_diag d = { file, line, column, sev, cfg_keep(cfg, msg) };
	cfg->diags.push_back(d);
	if (sev == BENCH_CFG_ERROR)
		cfg->errors++;
}

static std::string vformat(const char *fmt, va_list ap)
{
	char buf[1024];

	vsnprintf(buf, sizeof buf, fmt, ap);
	return buf;
}

void cfg_report(bench_cfg *cfg, const cfg_source *src, int line, int column, bench_cfg_severity sev,
		   const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cfg_add_diag(cfg, src->path, line, column, sev, vformat(fmt, ap));
	va_end(ap);
}

/* User text inside a message: printable ASCII, escaped otherwise, and
 * short, so a hostile value cannot flood or corrupt the terminal. */
std::string cfg_quote(const std::string &s)
{
	std::string out = "'";
	size_t n = 0;

	for (unsigned char c : s) {
		if (++n > 60) {
			out += "...";
			break;
		}
		if (c == '\\') {
			out += "\\\\";
		} else if (c >= 0x20 && c < 0x7f) {
			out += (char)c;
		} else {
			char hex[8];
			snprintf(hex, sizeof hex, "\\x%02x", c);
			out += hex;
		}
	}
	return out + "'";
}

static size_t edit_distance(const std::string &a, const std::string &b)
{
	std::vector<size_t> row(b.size() + 1);

	for (size_t j = 0; j <= b.size(); j++)
		row[j] = j;
	for (size_t i = 1; i <= a.size(); i++) {
		size_t diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= b.size(); j++) {
			size_t up = row[j];
			size_t sub = diag + (a[i - 1] != b[j - 1]);
			row[j] = std::min(std::min(row[j] + 1, row[j - 1] + 1), sub);
			diag = up;
		}
	}
	return row[b.size()];
}

/* " (did you mean 'x'?)" for the closest candidate within a third of the
 * longer length (GCC's own spelling-suggestion cut-off), else "". */
std::string cfg_did_you_mean(const std::string &word, const std::vector<std::string> &cands)
{
	const std::string *best = NULL;
	size_t best_d = (size_t)-1;

	if (word.size() > 64)
		return "";
	for (const std::string &c : cands) {
		size_t d = edit_distance(word, c);
		size_t cutoff = std::max<size_t>(1, (std::max(word.size(), c.size()) + 2) / 3);
		if (d <= cutoff && d < best_d && d > 0) {
			best = &c;
			best_d = d;
		}
	}
	return best ? " (did you mean '" + *best + "'?)" : "";
}

/* --------------------------------------------------------- positions */

void cfg_index_lines(cfg_source *src)
{
	src->line_starts.push_back(0);
	for (size_t i = 0; i < src->len; i++)
		if (src->bytes[i] == '\n')
			src->line_starts.push_back(i + 1);
	src->bom = src->len >= 3 && memcmp(src->bytes, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
	src->cursor_char = 0;
	src->cursor_byte = src->bom;
}

static void offset_position(const cfg_source *src, size_t off, int *line, int *column)
{
	size_t i = std::upper_bound(src->line_starts.begin(), src->line_starts.end(), off) -
		   src->line_starts.begin() - 1;

	*line = (int)i + 1;
	*column = (int)(off - src->line_starts[i]) + 1;
}

static size_t utf8_length(unsigned char c)
{
	return c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
}

static void mark_position(cfg_source *src, const yaml_mark_t &m, int *line, int *column)
{
	if (m.index < src->cursor_char) {
		src->cursor_char = 0;
		src->cursor_byte = src->bom;
	}
	while (src->cursor_char < m.index && src->cursor_byte < src->len) {
		src->cursor_byte += utf8_length((unsigned char)src->bytes[src->cursor_byte]);
		src->cursor_char++;
	}
	offset_position(src, std::min(src->cursor_byte, src->len), line, column);
}

/* ------------------------------------------------------ YAML -> nodes */

static void yaml_problem(bench_cfg *cfg, cfg_source *src, yaml_parser_t *p)
{
	int line, column;
	std::string msg = "invalid YAML: ";

	if (p->error == YAML_READER_ERROR) {
		offset_position(src, std::min(p->problem_offset + src->bom, src->len), &line, &column);
		msg += p->problem ? p->problem : "unreadable input";
		if (p->problem_value != -1 && p->problem && strstr(p->problem, "control")) {
			char hex[16];
			snprintf(hex, sizeof hex, " (byte 0x%02x)", p->problem_value & 0xff);
			msg += hex;
		}
	} else if (p->error == YAML_MEMORY_ERROR) {
		line = 0;
		column = 0;
		msg += "out of memory";
	} else {
		mark_position(src, p->problem_mark, &line, &column);
		size_t off = src->line_starts[line - 1] + column - 1;
		if (off < src->len && src->bytes[off] == '\t' && p->error == YAML_SCANNER_ERROR) {
			/* libyaml's own words ("cannot start any token") hide
			 * the usual cause. */
			msg += "tabs cannot indent YAML (use spaces)";
		} else {
			msg += p->problem ? p->problem : "syntax error";
			if (p->context) {
				int cline, ccol;
				mark_position(src, p->context_mark, &cline, &ccol);
				msg += " (" + std::string(p->context);
				if (cline != line)
					msg += " started at line " + std::to_string(cline);
				msg += ")";
			}
		}
	}
	cfg_add_diag(cfg, src->path, line, column, BENCH_CFG_ERROR, msg);
}

static cfg_node *new_node(cfg_source *src, cfg_node::kind_t kind, const int *line_col)
{
	src->nodes.emplace_back();
	cfg_node *n = &src->nodes.back();
	n->kind = kind;
	n->line = line_col[0];
	n->column = line_col[1];
	n->plain = false;
	return n;
}

/* The document's root node, or NULL after reporting why there is none. */
cfg_node *cfg_read_tree(bench_cfg *cfg, cfg_source *src)
{
	yaml_parser_t parser;
	std::vector<cfg_node *> stack;
	cfg_node *root = NULL;
	int documents = 0;
	bool done = false, failed = false;

	if (!yaml_parser_initialize(&parser)) {
		cfg_add_diag(cfg, src->path, 0, 0, BENCH_CFG_ERROR, "cannot initialise libyaml");
		return NULL;
	}
	/* Forcing UTF-8 makes a UTF-16 file an error (its positions would not
	 * be GCC's); a UTF-8 byte-order mark, which libyaml then no longer
	 * skips, is stepped over here. */
	yaml_parser_set_input_string(&parser, (const unsigned char *)src->bytes + src->bom,
				     src->len - src->bom);
	yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);

	while (!done && !failed) {
		yaml_event_t ev;
		int pos[2];
		cfg_node *n = NULL;
		const unsigned char *anchor = NULL, *tag = NULL;

		if (!yaml_parser_parse(&parser, &ev)) {
			yaml_problem(cfg, src, &parser);
			failed = true;
			break;
		}
		mark_position(src, ev.start_mark, &pos[0], &pos[1]);
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			done = true;
			break;
		case YAML_DOCUMENT_START_EVENT:
			if (++documents > 1) {
				cfg_report(cfg, src, pos[0], pos[1], BENCH_CFG_ERROR,
				       "more than one YAML document in the config");
				failed = true;
			}
			break;
		case YAML_ALIAS_EVENT:
			cfg_report(cfg, src, pos[0], pos[1], BENCH_CFG_ERROR,
			       "YAML aliases are not supported (write the value out)");
			failed = true;
			break;
		case YAML_SCALAR_EVENT:
			anchor = ev.data.scalar.anchor;
			tag = ev.data.scalar.tag;
			if (ev.data.scalar.length > BENCH_CFG_MAX_SCALAR) {
				cfg_report(cfg, src, pos[0], pos[1], BENCH_CFG_ERROR,
				       "value longer than %d bytes", BENCH_CFG_MAX_SCALAR);
				failed = true;
				break;
			}
			if (memchr(ev.data.scalar.value, '\0', ev.data.scalar.length)) {
				cfg_report(cfg, src, pos[0], pos[1], BENCH_CFG_ERROR,
				       "value contains a NUL character");
				failed = true;
				break;
			}
			n = new_node(src, cfg_node::SCALAR, pos);
			n->value.assign((const char *)ev.data.scalar.value, ev.data.scalar.length);
			n->plain = ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
			break;
		case YAML_SEQUENCE_START_EVENT:
			anchor = ev.data.sequence_start.anchor;
			tag = ev.data.sequence_start.tag;
			n = new_node(src, cfg_node::SEQUENCE, pos);
			break;
		case YAML_MAPPING_START_EVENT:
			anchor = ev.data.mapping_start.anchor;
			tag = ev.data.mapping_start.tag;
			n = new_node(src, cfg_node::MAPPING, pos);
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			if (!stack.empty())
				stack.pop_back();
			break;
		default:
			break;
		}
		if (n && anchor) {
			cfg_report(cfg, src, pos[0], pos[1], BENCH_CFG_ERROR,
			       "YAML anchors are not supported (write the value out)");
			failed = true;
		} else if (n && tag) {
			cfg_report(cfg, src, pos[0], pos[1], BENCH_CFG_ERROR,
			       "YAML tags are not supported");
			failed = true;
		} else if (n && src->nodes.size() > BENCH_CFG_MAX_NODES) {
			cfg_report(cfg, src, pos[0], pos[1], BENCH_CFG_ERROR,
			       "more than %d values in the config", BENCH_CFG_MAX_NODES);
			failed = true;
		} else if (n) {
			if (stack.empty())
				root = n;
			else
				stack.back()->kids.push_back(n);
			if (n->kind != cfg_node::SCALAR) {
				stack.push_back(n);
				if (stack.size() > BENCH_CFG_MAX_DEPTH) {
					cfg_report(cfg, src, pos[0], pos[1], BENCH_CFG_ERROR,
					       "nesting deeper than %d levels",
					       BENCH_CFG_MAX_DEPTH);
					failed = true;
				}
			}
		}
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&parser);
	if (failed)
		return NULL;
	if (!root || (root->kind == cfg_node::SCALAR && root->plain && root->value.empty())) {
		cfg_add_diag(cfg, src->path, 1, 1, BENCH_CFG_ERROR,
			 "empty config file (it needs at least 'version: 1')");
		return NULL;
	}
	if (root->kind != cfg_node::MAPPING) {
		error_at_node(cfg, src, root, "the config must be a mapping of keys (version, instrument, ...)");
		return NULL;
	}
	return root;
}

/* ------------------------------------------------------------- files */

bool cfg_read_file(const char *path, std::string *out, std::string *why)
{
	struct stat st;
	char buf[65536];
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);

	if (fd < 0) {
		*why = strerror(errno);
		return false;
	}
	/* A FIFO or device could block the compiler forever or never end. */
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		*why = "not a regular file";
		close(fd);
		return false;
	}
	out->clear();
	for (;;) {
		ssize_t n = read(fd, buf, sizeof buf);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			*why = strerror(errno);
			close(fd);
			return false;
		}
		if (n == 0)
			break;
		out->append(buf, (size_t)n);
		if (out->size() > BENCH_CFG_MAX_FILE_BYTES) {
			*why = "larger than 1 MiB";
			close(fd);
			return false;
		}
	}
	close(fd);
	return true;
}
