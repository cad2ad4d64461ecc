/* The same option twice, even with the same value. */
__attribute__((bench("cpu,iterations=2,cpu"))) int f(void) { return 0; }
