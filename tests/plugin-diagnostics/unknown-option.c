/* A typo in an option name. */
__attribute__((bench("iterations=2,fast"))) int f(void) { return 0; }
