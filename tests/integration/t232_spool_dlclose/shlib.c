/* An instrumented library that t232 loads, calls and unloads. */
__attribute__((bench)) static unsigned lib_leaf(unsigned x)
{
	return x * 2654435761u;
}

__attribute__((bench)) unsigned lib_work(unsigned x)
{
	return lib_leaf(x) ^ (x >> 7);
}
