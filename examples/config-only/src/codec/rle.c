/* Run-length coding: a stand-in for third-party code we will not edit. */
#include "rle.h"

size_t rle_encode(const unsigned char *in, size_t n, unsigned char *out)
{
	size_t o = 0;
	for (size_t i = 0; i < n;) {
		size_t run = 1;
		while (i + run < n && in[i + run] == in[i] && run < 255)
			run++;
		out[o++] = (unsigned char)run;
		out[o++] = in[i];
		i += run;
	}
	return o;
}

size_t rle_decode(const unsigned char *in, size_t n, unsigned char *out)
{
	size_t o = 0;
	for (size_t i = 0; i + 1 < n; i += 2)
		for (unsigned r = 0; r < in[i]; r++)
			out[o++] = in[i + 1];
	return o;
}

/* Called per byte: far too hot to time, so the rules exclude it. */
unsigned rle_hot_loop(const unsigned char *p, size_t n)
{
	unsigned h = 0;
	for (size_t i = 0; i < n; i++)
		h = h * 31 + p[i];
	return h;
}
