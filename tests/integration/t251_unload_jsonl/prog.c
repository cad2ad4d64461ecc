#include "../t250_unload_summary/prog.c"
