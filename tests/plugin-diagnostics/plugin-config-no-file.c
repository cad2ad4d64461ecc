/* config= without a file name. */
int f(void) { return 0; }
