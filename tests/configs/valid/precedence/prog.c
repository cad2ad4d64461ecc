int parse_fast(int x) { return x + 1; }
int parse_slow(int x) { return x + 2; }
int helper(int x) { return parse_fast(x) + parse_slow(x); }
