/* The attribute on a variable: an error, not a warning. */
int counter __attribute__((bench));
