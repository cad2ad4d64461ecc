/*
 * test_json.c - JSON string escaping: what must be escaped is, valid UTF-8
 * survives byte for byte, invalid bytes become U+FFFD, and the result
 * always parses back.
 */
#include <CUnit/CUnit.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "jsonparse.h"
#include "suites.h"

static char *escape(const char *s, size_t len)
{
	char *out = malloc(BENCH_JSON_ESCAPED_MAX(len) + 1);
	size_t n = bench_json_escape(out, s, len);

	out[n] = 0;
	return out;
}

static void check_escape(const char *in, size_t len, const char *expected)
{
	char *out = escape(in, len);

	CU_ASSERT_STRING_EQUAL(out, expected);
	free(out);
}

static void test_plain_and_specials(void)
{
	check_escape("abc XYZ 019_/~", 14, "abc XYZ 019_/~");
	check_escape("a\"b\\c", 5, "a\\\"b\\\\c");
	check_escape("\n\r\t\b\f", 5, "\\n\\r\\t\\b\\f");
	check_escape("\x01\x1f", 2, "\\u0001\\u001f");
	check_escape("\x7f", 1, "\x7f");
	check_escape("a\0b", 3, "a\\u0000b");
	check_escape("", 0, "");
}

static void test_valid_utf8_kept(void)
{
	/* 2-, 3- and 4-byte sequences, including the edges of each range. */
	const char *samples[] = {
		"caf\xc3\xa9", "\xc2\x80", "\xdf\xbf", "\xe0\xa0\x80", "\xe2\x82\xac",
		"\xed\x9f\xbf", "\xee\x80\x80", "\xef\xbf\xbf", "\xf0\x90\x80\x80",
		"\xf0\x9f\x98\x80", "\xf4\x8f\xbf\xbf",
	};
	size_t i;

	for (i = 0; i < sizeof(samples) / sizeof(samples[0]); i++)
		check_escape(samples[i], strlen(samples[i]), samples[i]);
}

static void test_invalid_utf8_replaced(void)
{
	check_escape("\xff", 1, "\\ufffd");
	check_escape("a\x80z", 3, "a\\ufffdz");                   /* lone continuation */
	check_escape("\xc0\xaf", 2, "\\ufffd\\ufffd");            /* overlong '/' */
	check_escape("\xc1\xbf", 2, "\\ufffd\\ufffd");            /* overlong */
	check_escape("\xe0\x80\xaf", 3, "\\ufffd\\ufffd\\ufffd"); /* overlong 3-byte */
	check_escape("\xed\xa0\x80", 3, "\\ufffd\\ufffd\\ufffd"); /* surrogate */
	check_escape("\xf4\x90\x80\x80", 4, "\\ufffd\\ufffd\\ufffd\\ufffd"); /* > U+10FFFF */
	check_escape("\xf5\x80\x80\x80", 4, "\\ufffd\\ufffd\\ufffd\\ufffd");
	check_escape("\xe2\x82", 2, "\\ufffd\\ufffd");            /* truncated at end */
	check_escape("\xe2\x82z", 3, "\\ufffd\\ufffdz");          /* truncated mid-string */
	check_escape("\xc3\xa9\xff\xc3\xa9", 5, "\xc3\xa9\\ufffd\xc3\xa9");
}

/* Every byte string escapes to something a strict parser accepts. */
static void test_random_bytes_parse(void)
{
	unsigned int seed = 12345;
	int round;

	for (round = 0; round < 2000; round++) {
		unsigned char in[40];
		char *out, *doc;
		size_t len = (size_t)(rand_r(&seed) % 40), i;
		struct jv *v;

		for (i = 0; i < len; i++)
			in[i] = (unsigned char)rand_r(&seed);
		out = escape((const char *)in, len);
		doc = malloc(strlen(out) + 3);
		sprintf(doc, "\"%s\"", out);
		v = jv_parse(doc, strlen(doc));
		CU_ASSERT_PTR_NOT_NULL(v);
		if (v)
			CU_ASSERT_EQUAL(v->type, JV_STRING);
		jv_free(v);
		free(doc);
		free(out);
	}
}

static void test_json_string_quotes(void)
{
	char buf[64];
	char *end = bench_json_string(buf, "x\"y");

	*end = 0;
	CU_ASSERT_STRING_EQUAL(buf, "\"x\\\"y\"");
}

int add_json_suite(void)
{
	CU_pSuite s = CU_add_suite("json escaping", NULL, NULL);

	if (!s ||
	    !CU_add_test(s, "plain text and specials", test_plain_and_specials) ||
	    !CU_add_test(s, "valid UTF-8 kept", test_valid_utf8_kept) ||
	    !CU_add_test(s, "invalid UTF-8 replaced", test_invalid_utf8_replaced) ||
	    !CU_add_test(s, "random bytes always parse", test_random_bytes_parse) ||
	    !CU_add_test(s, "quoted string", test_json_string_quotes))
		return CU_get_error();
	return CUE_SUCCESS;
}
