/* iterations must be at least 1. */
__attribute__((bench("iterations=0"))) int f(void) { return 0; }
