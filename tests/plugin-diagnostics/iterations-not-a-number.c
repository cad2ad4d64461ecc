/* A word where a number belongs. */
__attribute__((bench("iterations=abc"))) int f(void) { return 0; }
