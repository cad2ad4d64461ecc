/* A stray comma leaves an empty option. */
__attribute__((bench("cpu,"))) int f(void) { return 0; }
