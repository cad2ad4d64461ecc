__attribute__((bench)) int hot_path(int x) { return x; }
__attribute__((bench)) int warm(int x) { return x; }
int hot_other(int x) { return x; }
