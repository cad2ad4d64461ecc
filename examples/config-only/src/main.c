/* No bench attribute anywhere: bench.yaml alone decides what is timed. */
#include <stdio.h>
#include <stdlib.h>
#include "codec/rle.h"

static void fill(unsigned char *buf, size_t n)
{
	for (size_t i = 0; i < n; i++)
		buf[i] = (unsigned char)((i / 7) % 5);
}

int main(void)
{
	enum { N = 1 << 20 };
	unsigned char *in = malloc(N), *enc = malloc(2 * N), *dec = malloc(N);
	if (!in || !enc || !dec)
		return 1;
	fill(in, N);
	size_t e = rle_encode(in, N, enc);
	size_t d = rle_decode(enc, e, dec);
	printf("%zu bytes -> %zu -> %zu, hash %u\n", (size_t)N, e, d, rle_hot_loop(dec, d));
	free(in);
	free(enc);
	free(dec);
	return d == N ? 0 : 1;
}
