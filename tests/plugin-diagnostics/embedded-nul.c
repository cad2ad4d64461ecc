/* A NUL would hide the rest of the string from the parser. */
__attribute__((bench("cpu\0iterations=2"))) int f(void) { return 0; }
