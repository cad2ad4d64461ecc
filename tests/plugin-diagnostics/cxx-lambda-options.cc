// Options of [[gnu::bench]] on a lambda (a function-type attribute).
int main() { auto l = [](int x) [[gnu::bench("iterations=x")]] { return x; }; return l(0); }
