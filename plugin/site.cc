/*
 * site.cc - builds `struct bench_site` (runtime/bench.h) as a GCC type and
 * emits one static, read-only, initialised variable of it per instrumented
 * function, named __bench_site.N (file-local; LTO renames clashes).
 *
 * Every field is a compile-time constant, so the runtime never symbolises.
 * To debug: `objdump -s -j .data.rel.ro` (or .rodata without -fPIC) on the
 * object shows the descriptors; -fdump-tree-lower shows their uses.
 */
#include "compat.h"
#include "options.h"
#include "names.h"
#include "site.h"
#include "bench.h"

/* The site type, built once on first use; a GC root, since a collection
 * between two functions would otherwise free it. */
static GTY(()) tree bench_site_type;

const struct ggc_root_tab bench_site_ggc_roots[] = {
	{ &bench_site_type, 1, sizeof(bench_site_type), &gt_ggc_mx_tree_node,
	  &gt_pch_nx_tree_node },
	LAST_GGC_ROOT_TAB
};

/* The fields of struct bench_site, in declaration order. */
enum {
	F_ABI, F_FLAGS, F_NAME, F_FUNCTION, F_FILE,
	F_LINE, F_COLUMN, F_ITERATIONS, F_WARMUP, F_COUNT
};

static const char *const field_names[F_COUNT] = {
	"abi", "flags", "name", "function", "file",
	"line", "column", "iterations", "warmup"
};

static tree const_char_ptr_type(void)
{
	return build_pointer_type(build_qualified_type(char_type_node, TYPE_QUAL_CONST));
}

static tree site_type(void)
{
	tree chain = NULL_TREE;
	int i;

	if (bench_site_type)
		return bench_site_type;
	bench_site_type = make_node(RECORD_TYPE);
	/* finish_builtin_struct chains the fields in the reverse of the list
	 * it is given, so hand it the last field first. */
	for (i = 0; i < F_COUNT; i++) {
		bool ptr = i == F_NAME || i == F_FUNCTION || i == F_FILE;
		tree field = build_decl(BUILTINS_LOCATION, FIELD_DECL,
					get_identifier(field_names[i]),
					ptr ? const_char_ptr_type() : uint32_type_node);

		DECL_CHAIN(field) = chain;
		chain = field;
	}
	finish_builtin_struct(bench_site_type, "bench_site", chain, NULL_TREE);
	/* Four u32, three pointers, four u32: any drift from bench.h shows
	 * here rather than as garbage in the runtime. */
	gcc_assert(tree_to_uhwi(TYPE_SIZE_UNIT(bench_site_type)) == sizeof(struct bench_site));
	return bench_site_type;
}

tree bench_site_pointer_type(void)
{
	return build_pointer_type(build_qualified_type(site_type(), TYPE_QUAL_CONST));
}

static tree string_ptr(const char *s)
{
	return fold_convert(const_char_ptr_type(), build_string_literal(strlen(s) + 1, s));
}

static tree u32(unsigned v)
{
	return build_int_cst(uint32_type_node, v);
}

static unsigned site_flags(const struct bench_options *opts)
{
	unsigned flags = 0;

	if (opts->cpu > 0)
		flags |= BENCH_SITE_CPU;
	if (opts->nonblocking > 0)
		flags |= BENCH_SITE_NONBLOCKING;
	if (bench_lang_is_cxx())
		flags |= BENCH_SITE_CXX;
	return flags;
}

/* The initialiser, field by field, walking TYPE_FIELDS (the real order)
 * and checking each name, so a reordering can never go unnoticed. */
static tree site_initializer(tree type, tree fndecl, const struct bench_options *opts)
{
	expanded_location xloc = expand_location(DECL_SOURCE_LOCATION(fndecl));
	char *function = bench_function_name(fndecl);
	tree values[F_COUNT];
	vec<constructor_elt, va_gc> *elts = NULL;
	tree field;
	int i = 0;

	values[F_ABI] = u32(BENCH_ABI_VERSION);
	values[F_FLAGS] = u32(site_flags(opts));
	values[F_NAME] = string_ptr(opts->name ? opts->name : function);
	values[F_FUNCTION] = string_ptr(function);
	values[F_FILE] = string_ptr(bench_function_file(fndecl));
	values[F_LINE] = u32(xloc.line);
	values[F_COLUMN] = u32(xloc.column);
	values[F_ITERATIONS] = u32(opts->iterations > 0 ? opts->iterations : 1);
	values[F_WARMUP] = u32(opts->warmup > 0 ? opts->warmup : 0);
	free(function);

	for (field = TYPE_FIELDS(type); field; field = DECL_CHAIN(field), i++) {
		gcc_assert(!strcmp(IDENTIFIER_POINTER(DECL_NAME(field)), field_names[i]));
		CONSTRUCTOR_APPEND_ELT(elts, field, values[i]);
	}
	gcc_assert(i == F_COUNT);
	return build_constructor(type, elts);
}

tree bench_site_build(tree fndecl, const struct bench_options *opts)
{
	static unsigned counter;
	tree type = site_type();
	char *label;
	tree var, init;

	ASM_FORMAT_PRIVATE_NAME(label, "__bench_site", counter++);
	var = build_decl(DECL_SOURCE_LOCATION(fndecl), VAR_DECL, get_identifier(label),
			 build_qualified_type(type, TYPE_QUAL_CONST));
	TREE_STATIC(var) = 1;
	TREE_READONLY(var) = 1;
	TREE_PUBLIC(var) = 0;
	DECL_EXTERNAL(var) = 0;
	DECL_ARTIFICIAL(var) = 1;
	DECL_IGNORED_P(var) = 1;
	TREE_USED(var) = 1;
	DECL_CONTEXT(var) = NULL_TREE;
	init = site_initializer(TREE_TYPE(var), fndecl, opts);
	TREE_CONSTANT(init) = 1;
	TREE_STATIC(init) = 1;
	DECL_INITIAL(var) = init;
	/* Hand it to the symbol table: emitted if referenced, dropped with
	 * the function otherwise (an unused static inline, say). */
	varpool_node::finalize_decl(var);
	return build_fold_addr_expr_with_type(var, bench_site_pointer_type());
}
