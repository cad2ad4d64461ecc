// C++: a nonblocking member function, a blocking call in a lambda it runs,
// an exception thrown by a listed function (not recorded: its bracket does
// not close; the usleep inside it is), and a user-listed C++ function given
// by its assembler name (config add: ["_ZN2db5query*"]).  The pic variant
// cannot rename a C++ main.
#include <cstdio>
#include <stdexcept>
#include <unistd.h>

namespace db {
int query(int key)
{
	usleep(1);
	if (key < 0)
		throw std::runtime_error("bad key");
	return key * 2;
}
} // namespace db

struct Server {
	int handled = 0;
	[[gnu::bench("nonblocking")]] int on_request(int key)
	{
		auto lookup = [](int k) { return db::query(k); };
		handled++;
		return lookup(key);
	}
};

int main()
{
	Server s;
	int total = s.on_request(2);
	try {
		total += s.on_request(-1);
	} catch (const std::exception &e) {
		std::printf("caught %s\n", e.what());
	}
	std::printf("%d %d\n", total, s.handled);
	return 0;
}
