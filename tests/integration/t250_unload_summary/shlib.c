/* The library t250/t251 load, call from two threads and unload: its
 * destructor still records (a call, and a blocking call) while it goes. */
#include <unistd.h>

__attribute__((bench)) static unsigned lib_leaf(unsigned x)
{
	return x * 2654435761u;
}

__attribute__((bench)) unsigned lib_work(unsigned x)
{
	return lib_leaf(x) ^ (x >> 7);
}

void lib_blocking(void)
{
	usleep(1);
}

__attribute__((bench)) static void lib_fini_helper(void)
{
	usleep(1);
}

__attribute__((destructor)) static void lib_fini(void)
{
	lib_fini_helper();
}
