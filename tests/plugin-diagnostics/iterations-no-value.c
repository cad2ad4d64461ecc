/* iterations without a value. */
__attribute__((bench("iterations"))) int f(void) { return 0; }
