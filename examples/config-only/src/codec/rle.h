#include <stddef.h>
size_t rle_encode(const unsigned char *in, size_t n, unsigned char *out);
size_t rle_decode(const unsigned char *in, size_t n, unsigned char *out);
unsigned rle_hot_loop(const unsigned char *p, size_t n);
