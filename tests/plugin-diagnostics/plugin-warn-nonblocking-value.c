/* warn-nonblocking takes yes or no: a typo stops the compilation. */
int f(void) { return 0; }
