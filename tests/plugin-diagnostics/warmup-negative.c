/* warmup may be 0, not negative. */
__attribute__((bench("warmup=-1"))) int f(void) { return 0; }
