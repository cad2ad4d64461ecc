int alone(void) { return 0; }
