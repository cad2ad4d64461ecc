/* The attribute on a typedef. */
typedef int number __attribute__((bench));
