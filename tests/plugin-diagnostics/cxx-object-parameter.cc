// Re-running would see the argument object as the first run left it.
#include <string>
[[gnu::bench("iterations=3")]] int f(std::string s) { return (int)s.size(); }
