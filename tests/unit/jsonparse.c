/*
 * jsonparse.c - recursive-descent JSON parser (RFC 8259), strict enough to
 * reject what pandas would: control characters in strings, bad escapes,
 * trailing garbage, invalid numbers.
 */
#include "jsonparse.h"

#include <stdlib.h>
#include <string.h>

struct parser {
	const char *p, *end;
	int depth;
};

static void skip_space(struct parser *ps)
{
	while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r'))
		ps->p++;
}

static struct jv *new_value(enum jv_type type)
{
	struct jv *v = calloc(1, sizeof(*v));

	if (v)
		v->type = type;
	return v;
}

static int hex4(const char *s, unsigned int *out)
{
	unsigned int v = 0;
	int i;

	for (i = 0; i < 4; i++) {
		char c = s[i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned int)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned int)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned int)(c - 'A' + 10);
		else
			return 0;
	}
	*out = v;
	return 1;
}

static size_t put_utf8(char *d, unsigned int cp)
{
	if (cp < 0x80) {
		d[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		d[0] = (char)(0xc0 | (cp >> 6));
		d[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		d[0] = (char)(0xe0 | (cp >> 12));
		d[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		d[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	d[0] = (char)(0xf0 | (cp >> 18));
	d[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	d[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	d[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

static char *parse_string_raw(struct parser *ps, size_t *length)
{
	const char *start = ++ps->p; /* after the quote */
	char *out = malloc((size_t)(ps->end - start) + 1), *d = out;

	if (!out)
		return NULL;
	while (ps->p < ps->end && *ps->p != '"') {
		unsigned char c = (unsigned char)*ps->p;

		if (c < 0x20)
			goto bad;
		if (c != '\\') {
			*d++ = (char)c;
			ps->p++;
			continue;
		}
		if (++ps->p >= ps->end)
			goto bad;
		switch (*ps->p) {
		case '"': *d++ = '"'; break;
		case '\\': *d++ = '\\'; break;
		case '/': *d++ = '/'; break;
		case 'b': *d++ = '\b'; break;
		case 'f': *d++ = '\f'; break;
		case 'n': *d++ = '\n'; break;
		case 'r': *d++ = '\r'; break;
		case 't': *d++ = '\t'; break;
		case 'u': {
			unsigned int cp, lo;

			if (ps->end - ps->p < 5 || !hex4(ps->p + 1, &cp))
				goto bad;
			ps->p += 4;
			if (cp >= 0xd800 && cp <= 0xdbff) {
				if (ps->end - ps->p < 7 || ps->p[1] != '\\' || ps->p[2] != 'u' ||
				    !hex4(ps->p + 3, &lo) || lo < 0xdc00 || lo > 0xdfff)
					goto bad;
				cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
				ps->p += 6;
			} else if (cp >= 0xdc00 && cp <= 0xdfff) {
				goto bad;
			}
			d += put_utf8(d, cp);
			break;
		}
		default:
			goto bad;
		}
		ps->p++;
	}
	if (ps->p >= ps->end)
		goto bad;
	ps->p++;
	*d = 0;
	*length = (size_t)(d - out);
	return out;
bad:
	free(out);
	return NULL;
}

static struct jv *parse_value(struct parser *ps);

static int append(struct jv *v, char *key, struct jv *item)
{
	struct jv **items = realloc(v->items, (v->length + 1) * sizeof(*items));
	char **keys;

	if (!items)
		return 0;
	v->items = items;
	if (v->type == JV_OBJECT) {
		keys = realloc(v->keys, (v->length + 1) * sizeof(*keys));
		if (!keys)
			return 0;
		v->keys = keys;
		v->keys[v->length] = key;
	}
	v->items[v->length++] = item;
	return 1;
}

static struct jv *parse_container(struct parser *ps, enum jv_type type)
{
	char close = type == JV_ARRAY ? ']' : '}';
	struct jv *v = new_value(type);

	if (!v || ++ps->depth > 64)
		goto bad;
	ps->p++;
	skip_space(ps);
	if (ps->p < ps->end && *ps->p == close) {
		ps->p++;
		ps->depth--;
		return v;
	}
	for (;;) {
		char *key = NULL;
		struct jv *item;
		size_t key_len;

		skip_space(ps);
		if (type == JV_OBJECT) {
			if (ps->p >= ps->end || *ps->p != '"' || !(key = parse_string_raw(ps, &key_len)))
				goto bad;
			skip_space(ps);
			if (ps->p >= ps->end || *ps->p != ':') {
				free(key);
				goto bad;
			}
			ps->p++;
		}
		item = parse_value(ps);
		if (!item || !append(v, key, item)) {
			free(key);
			jv_free(item);
			goto bad;
		}
		skip_space(ps);
		if (ps->p < ps->end && *ps->p == ',') {
			ps->p++;
			continue;
		}
		if (ps->p < ps->end && *ps->p == close) {
			ps->p++;
			ps->depth--;
			return v;
		}
		goto bad;
	}
bad:
	jv_free(v);
	return NULL;
}

static struct jv *parse_number(struct parser *ps)
{
	const char *s = ps->p;
	char buf[64];
	struct jv *v;

	if (s < ps->end && *s == '-')
		s++;
	if (s >= ps->end || *s < '0' || *s > '9')
		return NULL;
	if (*s == '0')
		s++;
	else
		while (s < ps->end && *s >= '0' && *s <= '9')
			s++;
	if (s < ps->end && *s == '.') {
		s++;
		if (s >= ps->end || *s < '0' || *s > '9')
			return NULL;
		while (s < ps->end && *s >= '0' && *s <= '9')
			s++;
	}
	if (s < ps->end && (*s == 'e' || *s == 'E')) {
		s++;
		if (s < ps->end && (*s == '+' || *s == '-'))
			s++;
		if (s >= ps->end || *s < '0' || *s > '9')
			return NULL;
		while (s < ps->end && *s >= '0' && *s <= '9')
			s++;
	}
	if ((size_t)(s - ps->p) >= sizeof(buf) || !(v = new_value(JV_NUMBER)))
		return NULL;
	memcpy(buf, ps->p, (size_t)(s - ps->p));
	buf[s - ps->p] = 0;
	v->number = strtod(buf, NULL);
	ps->p = s;
	return v;
}

static struct jv *parse_word(struct parser *ps, const char *word, enum jv_type type, double n)
{
	size_t len = strlen(word);
	struct jv *v;

	if ((size_t)(ps->end - ps->p) < len || memcmp(ps->p, word, len))
		return NULL;
	ps->p += len;
	v = new_value(type);
	if (v)
		v->number = n;
	return v;
}

static struct jv *parse_value(struct parser *ps)
{
	struct jv *v;

	skip_space(ps);
	if (ps->p >= ps->end)
		return NULL;
	switch (*ps->p) {
	case '{': return parse_container(ps, JV_OBJECT);
	case '[': return parse_container(ps, JV_ARRAY);
	case '"':
		v = new_value(JV_STRING);
		if (v && !(v->string = parse_string_raw(ps, &v->length))) {
			free(v);
			return NULL;
		}
		return v;
	case 't': return parse_word(ps, "true", JV_BOOL, 1);
	case 'f': return parse_word(ps, "false", JV_BOOL, 0);
	case 'n': return parse_word(ps, "null", JV_NULL, 0);
	default: return parse_number(ps);
	}
}

struct jv *jv_parse(const char *text, size_t len)
{
	struct parser ps = { text, text + len, 0 };
	struct jv *v = parse_value(&ps);

	skip_space(&ps);
	if (v && ps.p != ps.end) {
		jv_free(v);
		return NULL;
	}
	return v;
}

void jv_free(struct jv *v)
{
	size_t i;

	if (!v)
		return;
	for (i = 0; i < v->length && v->items; i++) {
		jv_free(v->items[i]);
		if (v->keys)
			free(v->keys[i]);
	}
	free(v->items);
	free(v->keys);
	free(v->string);
	free(v);
}

const struct jv *jv_get(const struct jv *v, const char *path)
{
	while (v && *path) {
		size_t len = strcspn(path, "."), i;
		const struct jv *found = NULL;

		if (v->type != JV_OBJECT)
			return NULL;
		for (i = 0; i < v->length; i++)
			if (strlen(v->keys[i]) == len && !memcmp(v->keys[i], path, len))
				found = v->items[i];
		v = found;
		path += len;
		if (*path == '.')
			path++;
	}
	return v;
}

const char *jv_str(const struct jv *v, const char *path)
{
	const struct jv *f = jv_get(v, path);

	return f && f->type == JV_STRING ? f->string : NULL;
}

double jv_num(const struct jv *v, const char *path)
{
	const struct jv *f = jv_get(v, path);

	return f && f->type == JV_NUMBER ? f->number : -1;
}

int jv_is_null(const struct jv *v, const char *path)
{
	const struct jv *f = jv_get(v, path);

	return f && f->type == JV_NULL;
}

void jv_lines_parse(const char *text, size_t len, struct jv_lines *out)
{
	const char *p = text, *end = text + len;

	memset(out, 0, sizeof(*out));
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *line_end = nl ? nl : end;
		struct jv *v = jv_parse(p, (size_t)(line_end - p));

		if (!v || v->type != JV_OBJECT || !nl) {
			/* A line without its newline is torn, hence bad. */
			out->bad++;
			jv_free(v);
		} else {
			struct jv **r = realloc(out->records, (out->count + 1) * sizeof(*r));

			if (r) {
				out->records = r;
				out->records[out->count++] = v;
			} else {
				jv_free(v);
				out->bad++;
			}
		}
		p = nl ? nl + 1 : end;
	}
}

void jv_lines_free(struct jv_lines *lines)
{
	size_t i;

	for (i = 0; i < lines->count; i++)
		jv_free(lines->records[i]);
	free(lines->records);
	memset(lines, 0, sizeof(*lines));
}
