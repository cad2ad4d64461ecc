#include "../t250_unload_summary/shlib.c"
