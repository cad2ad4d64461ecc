/* An integer where the option string belongs. */
__attribute__((bench(3))) int f(void) { return 0; }
