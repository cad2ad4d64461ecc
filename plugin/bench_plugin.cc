/*
 * bench_plugin.cc - entry point of the bench GCC plugin (bench.so): checks
 * the compiler version, reads the plugin arguments, registers the `bench`
 * attribute, the __BENCH__ macro, the instrumentation and guard passes and the GC
 * roots, and emits the constructor that hands a config's runtime defaults
 * to the program.
 *
 *   gcc -fplugin=bench.so [-fplugin-arg-bench-verbose]
 *       [-fplugin-arg-bench-config=bench.yaml] ...
 *
 * To debug: -fplugin-arg-bench-verbose notes every decision; -fdump-tree-lower
 * shows the instrumented bodies; `gcc -fplugin=bench.so -dM -E - </dev/null
 * | grep BENCH` shows the macro.
 */
#include <dlfcn.h>
#include "compat.h"
#include "plugin-version.h"
#include "cpplib.h"
#include "options.h"
#include "blocking.h"
#include "config.h"
#include "attribute.h"
#include "instrument.h"
#include "guard.h"
#include "select.h"
#include "site.h"

int plugin_is_GPL_compatible;

static struct plugin_info bench_plugin_info = {
	"0.1.0",
	"Times the functions marked __attribute__((bench)) or matched by a config.\n"
	"  -fplugin-arg-bench-verbose      a note per instrumented function\n"
	"  -fplugin-arg-bench-config=FILE  YAML rules, blocking lists, runtime defaults\n"
	"  -fplugin-arg-bench-warn-nonblocking=no  no compile-time warning for blocking\n"
	"                                  calls in nonblocking functions"
};

/* Base version only ("12.2.0"): Debian rebuilds of the same release differ
 * in date stamp and configure arguments but keep the plugin ABI. */
static bool version_ok(const struct plugin_gcc_version *version)
{
	if (!strcmp(version->basever, gcc_version.basever))
		return true;
	error("bench plugin was built for GCC %s but is loaded into GCC %s; "
	      "rebuild it (make) with this compiler", gcc_version.basever, version->basever);
	return false;
}

/* __BENCH__ lets bench.h turn its macros on only with the plugin.  The
 * pragma event comes once the preprocessor exists, in every C-family
 * compilation, -E included.  parse_in is looked up at run time: it lives
 * in the C-family front ends only, and a direct reference would stop the
 * plugin from loading into lto1.
 *
 * With -g3 the front end hands each new macro to the debug writer, which
 * looks its location up in a line table that has no map yet at this
 * point (GCC segfaults): mute that callback for our one definition, so
 * __BENCH__ is simply absent from the macro debug info. */
static void define_bench_macro(void *gcc_data, void *user_data)
{
	cpp_reader **reader = (cpp_reader **)dlsym(RTLD_DEFAULT, "parse_in");
	struct cpp_callbacks *cb;
	void (*define_cb)(cpp_reader *, location_t, cpp_hashnode *);

	/* Preprocessed input (-fpreprocessed, the second step of
	 * -save-temps) has its macros expanded already, and cpplib would
	 * parse our directive as a line marker there. */
	if (!reader || !*reader || cpp_get_options(*reader)->preprocessed)
		return;
	cb = cpp_get_callbacks(*reader);
	define_cb = cb->define;
	cb->define = NULL;
	cpp_define(*reader, "__BENCH__=1");
	cb->define = define_cb;
}

static void register_attributes(void *gcc_data, void *user_data)
{
	bench_attribute_register();
}

/* A string literal as a C string initialiser (escapes are not needed: the
 * STRING_CST holds the bytes). */
static tree call_set_defaults(const char *settings)
{
	tree fn = build_fn_decl("__bench_set_defaults",
				build_function_type_list(void_type_node, const_ptr_type_node,
							 NULL_TREE));

	TREE_NOTHROW(fn) = 1;
	return build_call_expr(fn, 1, build_string_literal(strlen(settings) + 1, settings));
}

/* A config's runtime: section reaches the program through a constructor,
 * in every unit compiled with that config; the runtime keeps the first and
 * lets environment variables override it.  Priority 101, the first
 * available to users, so it runs before user constructors that may call
 * instrumented code.  Built when the unit starts, so the function goes
 * through the same analysis and passes as the user's (built later, once
 * IPA has begun, it met passes that assume earlier stages). */
static void emit_defaults_ctor(void *gcc_data, void *user_data)
{
	const char *settings;

	if (seen_error() || !bench_config_loaded())
		return;
	settings = bench_config_runtime_defaults();
	if (!settings)
		return;
	cgraph_build_static_cdtor('I', call_set_defaults(settings), 101);
}

/*
 * A destructor in every unit calls __bench_unit_unloaded (runtime.c), so
 * that a library unloaded by a dlclose the runtime cannot interpose has
 * its records written before its code goes.  The reference is weak and
 * tested: a unit with nothing instrumented still links without libbench
 * (helper programs some makefiles link without LDFLAGS).  Priority 101
 * runs it after the unit's other destructors, which may still record.
 */
static void emit_unload_dtor(void *gcc_data, void *user_data)
{
	tree fn, call, body;

	if (seen_error())
		return;
	tree const_ptr = build_pointer_type(build_qualified_type(void_type_node, TYPE_QUAL_CONST));
	fn = build_fn_decl("__bench_unit_unloaded",
			   build_function_type_list(void_type_node, const_ptr, NULL_TREE));
	TREE_NOTHROW(fn) = 1;
	declare_weak(fn);
	/* Any address in this object tells the runtime which one is going
	 * (the call may be a tail call: no return address to go by). */
	call = build_call_expr(fn, 1, fold_convert(const_ptr, build_string_literal(6, "bench")));
	body = build3(COND_EXPR, void_type_node,
		      build2(NE_EXPR, boolean_type_node, build_fold_addr_expr(fn),
			     null_pointer_node),
		      call, NULL_TREE);
	cgraph_build_static_cdtor('D', body, 101);
}

static bool parse_arguments(struct plugin_name_args *info)
{
	bool ok = true;
	int i;

	for (i = 0; i < info->argc; i++) {
		const struct plugin_argument *arg = &info->argv[i];

		if (!strcmp(arg->key, "verbose")) {
			if (arg->value) {
				error("%<-fplugin-arg-%s-verbose%> takes no value",
				      info->base_name);
				ok = false;
			}
			bench_verbose = true;
		} else if (!strcmp(arg->key, "config")) {
			if (!arg->value || !*arg->value) {
				error("%<-fplugin-arg-%s-config%> needs a file: "
				      "%<-fplugin-arg-%s-config=bench.yaml%>",
				      info->base_name, info->base_name);
				ok = false;
				continue;
			}
			bench_config_path = arg->value;
		} else if (!strcmp(arg->key, "warn-nonblocking")) {
			if (arg->value && !strcmp(arg->value, "no")) {
				bench_warn_nonblocking = false;
			} else if (arg->value && !strcmp(arg->value, "yes")) {
				bench_warn_nonblocking = true;
			} else {
				error("%<-fplugin-arg-%s-warn-nonblocking%> takes %<yes%> or "
				      "%<no%>, not %qs", info->base_name,
				      arg->value ? arg->value : "");
				ok = false;
			}
		} else {
			error("unknown argument %<-fplugin-arg-%s-%s%s%s%> for the bench "
			      "plugin (known: verbose, config=FILE, warn-nonblocking=no)",
			      info->base_name,
			      arg->key, arg->value ? "=" : "", arg->value ? arg->value : "");
			ok = false;
		}
	}
	return ok;
}

int plugin_init(struct plugin_name_args *info, struct plugin_gcc_version *version)
{
	const char *name = info->base_name;

	if (!version_ok(version))
		return 1;
	register_callback(name, PLUGIN_INFO, NULL, &bench_plugin_info);
	if (!parse_arguments(info))
		return 1;
	/* At an LTO link (lto1) the bodies were instrumented at compile time
	 * and the attribute means nothing: stay out of the way. */
	if (!strcmp(lang_hooks.name, "GNU GIMPLE"))
		return 0;

	register_callback(name, PLUGIN_REGISTER_GGC_ROOTS, NULL,
			  (void *)bench_site_ggc_roots);
	register_callback(name, PLUGIN_REGISTER_GGC_ROOTS, NULL,
			  (void *)bench_instrument_ggc_roots);
	register_callback(name, PLUGIN_REGISTER_GGC_ROOTS, NULL,
			  (void *)bench_guard_ggc_roots);
	register_callback(name, PLUGIN_ATTRIBUTES, register_attributes, NULL);
	register_callback(name, PLUGIN_PRAGMAS, define_bench_macro, NULL);
	bench_instrument_register(name);
	bench_guard_register(name);
	bench_blocking_register(info);
	register_callback(name, PLUGIN_START_UNIT, emit_defaults_ctor, NULL);
	register_callback(name, PLUGIN_START_UNIT, emit_unload_dtor, NULL);
	if (bench_config_path)
		bench_config_register(name, bench_config_path);
	return 0;
}
