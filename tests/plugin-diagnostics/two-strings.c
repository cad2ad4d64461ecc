/* At most one option string. */
__attribute__((bench("cpu", "warmup=1"))) int f(void) { return 0; }
