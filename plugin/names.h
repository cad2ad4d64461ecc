/*
 * names.h - the names a site records: the qualified, readable function name
 * (C++: namespaces, classes, template arguments, operators) and the source
 * file, computed at compile time so the runtime never symbolises.
 */
#ifndef BENCH_PLUGIN_NAMES_H
#define BENCH_PLUGIN_NAMES_H

/* True when the translation unit is C++ (sites get BENCH_SITE_CXX). */
bool bench_lang_is_cxx(void);

/* "ns::Parser::parse", "ns::Vec<int>::operator+=", or a C function's plain
 * name, as a heap copy the caller frees. */
char *bench_function_name(tree fndecl);

/* The file FNDECL is defined in, as spelled to the compiler ("src/app.c"). */
const char *bench_function_file(tree fndecl);

#endif
