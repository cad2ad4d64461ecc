/*
 * glob.cc - validation and matching of the config's wildcard patterns.
 *
 * fnmatch(3) would accept an unterminated '[' as a literal and gives no
 * reason for a bad pattern, so the config could not point at the mistake;
 * this small matcher shares its class parser between check and match.
 */
#include "glob.h"

/* Parse the bracket expression starting after '[' at P.  Returns the
 * position after the closing ']', or NULL with *WHY set when it is
 * malformed.  When C >= 0, *HIT says whether byte C is in the class. */
static const char *parse_class(const char *p, int c, bool *hit, const char **why)
{
	bool negate = false, in = false, first = true;

	if (*p == '!' || *p == '^') {
		negate = true;
		p++;
	}
	for (;;) {
		unsigned char lo, hi;

		if (*p == '\0') {
			*why = "unterminated '['";
			return NULL;
		}
		/* POSIX: a ']' right after '[' or '[!' is a member, not the end. */
		if (*p == ']' && !first)
			break;
		first = false;
		if (*p == '\\') {
			p++;
			if (*p == '\0') {
				*why = "lone '\\' at the end";
				return NULL;
			}
		}
		lo = hi = (unsigned char)*p++;
		if (p[0] == '-' && p[1] != ']' && p[1] != '\0') {
			p++;
			if (*p == '\\') {
				p++;
				if (*p == '\0') {
					*why = "lone '\\' at the end";
					return NULL;
				}
			}
			hi = (unsigned char)*p++;
			if (hi < lo) {
				*why = "reversed range in '[...]'";
				return NULL;
			}
		}
		if (c >= lo && c <= hi)
			in = true;
	}
	if (hit)
		*hit = in != negate;
	return p + 1;
}

const char *bench_glob_check(const char *pattern, size_t *offset)
{
	const char *p = pattern, *why = NULL;

	if (*p == '\0') {
		*offset = 0;
		return "empty glob";
	}
	while (*p) {
		const char *at = p;

		if (*p == '[') {
			p = parse_class(p + 1, -1, NULL, &why);
			if (!p) {
				*offset = (size_t)(at - pattern);
				return why;
			}
		} else if (*p == '\\') {
			if (p[1] == '\0') {
				*offset = (size_t)(at - pattern);
				return "lone '\\' at the end";
			}
			p += 2;
		} else {
			p++;
		}
	}
	return NULL;
}

/* Does the one-byte pattern item at P match C?  *NEXT receives the
 * position after the item. */
static bool match_item(const char *p, unsigned char c, const char **next)
{
	const char *why;
	bool hit = false;

	switch (*p) {
	case '?':
		*next = p + 1;
		return true;
	case '[':
		*next = parse_class(p + 1, c, &hit, &why);
		return hit;
	case '\\':
		*next = p + 2;
		return (unsigned char)p[1] == c;
	default:
		*next = p + 1;
		return (unsigned char)*p == c;
	}
}

/* Greedy with one saved star: on a mismatch only the text position of the
 * last '*' advances, so matching is O(pattern x text) in the worst case. */
bool bench_glob_match(const char *pattern, const char *text)
{
	const char *p = pattern, *s = text;
	const char *star_p = NULL, *star_s = NULL;

	while (*s) {
		const char *next;

		if (*p == '*') {
			while (*p == '*')
				p++;
			if (*p == '\0')
				return true;
			star_p = p;
			star_s = s;
			continue;
		}
		if (*p != '\0' && match_item(p, (unsigned char)*s, &next)) {
			p = next;
			s++;
			continue;
		}
		if (!star_p)
			return false;
		p = star_p;
		s = ++star_s;
	}
	while (*p == '*')
		p++;
	return *p == '\0';
}

bool bench_glob_is_literal(const char *pattern)
{
	for (const char *p = pattern; *p; p++) {
		if (*p == '*' || *p == '?' || *p == '[')
			return false;
		if (*p == '\\' && p[1])
			p++;
	}
	return true;
}
