/*
 * compat.h - the one place that includes GCC's plugin headers, in the order
 * they need, and papers over API differences between GCC releases.
 *
 * Every plugin source includes this first (GCC's headers poison some libc
 * names and define macros that break system headers included after them, so
 * system headers come before it).  Built and tested against GCC 12; the
 * shims below mark where GCC 13/14 changed an interface we use.
 */
#ifndef BENCH_PLUGIN_COMPAT_H
#define BENCH_PLUGIN_COMPAT_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gcc-plugin.h"
#include "tree.h"
#include "tree-pass.h"
#include "context.h"
#include "function.h"
#include "basic-block.h"
#include "gimple.h"
#include "gimple-iterator.h"
#include "gimple-walk.h"
#include "gimplify.h"
#include "stringpool.h"
#include "attribs.h"
#include "cgraph.h"
#include "varasm.h"
#include "stor-layout.h"
#include "diagnostic-core.h"
#include "langhooks.h"
#include "tree-iterator.h"
#include "fold-const.h"
#include "ggc.h"
#include "dumpfile.h"
#include "intl.h"

/* plugin-version.h defines static data, so only bench_plugin.cc includes
 * it; BUILDING_GCC_VERSION (from bversion.h, via system.h) is enough here. */
#if BUILDING_GCC_VERSION < 12000
#error "bench needs GCC 12 or later"
#endif

/* GCC 12's attribute_spec has nine fields; GCC 14 keeps the order, so the
 * positional initialiser in attribute.cc stays valid.  What changed in
 * GCC 14 is register_scoped_attributes (now takes a scoped_attribute_specs),
 * which we avoid by calling register_attribute. */

/* Registers PASS (a new pass object) before or after the first instance of
 * GCC's pass REFERENCE ("lower", "optimized"). */
static inline void bench_register_pass(const char *plugin_name, opt_pass *pass,
				       const char *reference, enum pass_positioning_ops pos)
{
	struct register_pass_info info;

	info.pass = pass;
	info.reference_pass_name = reference;
	info.ref_pass_instance_number = 1;
	info.pos_op = pos;
	register_callback(plugin_name, PLUGIN_PASS_MANAGER_SETUP, NULL, &info);
}

#endif
