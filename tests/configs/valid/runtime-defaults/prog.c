int work(int x) { return x * 3; }
