// Re-running would construct the std::string result twice in place.
#include <string>
[[gnu::bench("iterations=3")]] std::string f(int n) { return std::string(n, 0); }
