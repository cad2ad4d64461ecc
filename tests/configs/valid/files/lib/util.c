int util_a(int x) { return x; }
int other_b(int x) { return x; }
