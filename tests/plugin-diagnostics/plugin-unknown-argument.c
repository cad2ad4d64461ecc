/* An unknown plugin argument stops the compilation. */
int f(void) { return 0; }
