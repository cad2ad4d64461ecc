/*
 * Every string the runtime writes must come out as valid JSON holding the
 * same text: names with quotes, backslashes, control characters, UTF-8 and
 * invalid UTF-8, from name= options, run-time block names, a UTF-8
 * identifier, and a source file name (#line) full of the same.
 */
#include <bench.h>
#include <stdio.h>
#include <string.h>

#line 100 "odd \"dir\"\\sub/tab\there.c"

__attribute__((bench("name=say \"hi\""))) static int quoted(int x)
{
	return x + 1;
}

__attribute__((bench("name=back\\slash\\"))) static int backslash(int x)
{
	return x + 2;
}

__attribute__((bench("name=ctl\x01\x1f\x7f|line\nbreak\ttab|end"))) static int control(int x)
{
	return x + 3;
}

__attribute__((bench("name=café 日本 🚀"))) static int utf8(int x)
{
	return x + 4;
}

__attribute__((bench("name=bad\xff\xfe|end"))) static int bad_utf8(int x)
{
	return x + 5;
}

__attribute__((bench)) static int café(int x)
{
	int y = x;
	BENCH_TIME("time \"q\" \\ \x02") {
		y += 6;
	}
	return y;
}

/* Not a literal: the runtime copies the block's name. */
static int dynamic_block(int acc)
{
	char dynamic[64];

	snprintf(dynamic, sizeof dynamic, "dyn \"%d\" \\ \x03 é", acc);
	BENCH_RECORD(dynamic) {
		acc++;
	}
	return acc;
}

int main(void)
{
	int acc = quoted(0) + backslash(0) + control(0) + utf8(0) + bad_utf8(0) + café(0);

	printf("acc %d\n", dynamic_block(acc));
	return 0;
}
