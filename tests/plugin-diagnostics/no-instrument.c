/* bench and no_instrument_function contradict: a warning, not instrumented. */
__attribute__((bench, no_instrument_function)) int f(void) { return 0; }
