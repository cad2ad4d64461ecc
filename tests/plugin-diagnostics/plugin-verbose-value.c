/* verbose is a switch: a value is a mistake. */
int f(void) { return 0; }
