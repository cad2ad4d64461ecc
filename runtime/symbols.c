/*
 * symbols.c - names code addresses for traces: function, file and line,
 * with the functions the compiler inlined there, read from the program's
 * own symbol tables and DWARF through libdw.
 *
 * Why libdw: dladdr knows only exported symbols, so static functions and
 * every function of an executable built without -rdynamic would be
 * nameless, and it knows no lines and no inlining.  libdw reads .symtab and
 * DWARF (including inlined subroutines, so a handler the optimiser merged
 * into its caller still shows).  The first lookup happens on the writer
 * thread (or where a callback or a warning needs names, after a warm-up),
 * never on a hot path.  libdw is linked, not dlopen'ed: loaded by dlopen,
 * its thread-local storage crashed LeakSanitizer's exit-time scan in
 * -fsanitize=address programs (glibc 2.36, GCC 12); linked, it costs no
 * measurable start-up time.  dladdr remains for a process whose mappings
 * libdw cannot read.
 *
 * libdw is not thread-safe: one lock covers it and the cache of answers
 * (one entry per address, never freed: traces repeat the same few
 * addresses).  Separate debug files are not searched (that could query
 * debuginfod servers from the program's writer thread).
 */
#define _GNU_SOURCE
#include "symbols.h"

#include "intern.h"

#include <dlfcn.h>
#include <dwarf.h>
#include <elfutils/libdw.h>
#include <elfutils/libdwfl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <unistd.h>

static pthread_mutex_t symbols_lock = PTHREAD_MUTEX_INITIALIZER;
static enum { LIBDW_UNTRIED, LIBDW_LOADED, LIBDW_MISSING } libdw_state;
static Dwfl *dwfl;
static char *(*cxa_demangle)(const char *, char *, size_t *, int *);

#define CACHE_BUCKETS 1024u
#define CACHE_MAX     65536u /* entries; beyond, answers are not kept */

struct cached {
	struct cached *next;
	const void *pc;
	uint64_t generation;  /* symbols_generation it was resolved under */
	unsigned count;
	struct bench_symbol frames[];
};

static struct cached *cache[CACHE_BUCKETS];
static unsigned cache_entries;
/* Unloads seen (bench_symbols_forget): an answer or a module list from
 * before may name code that is gone from those addresses. */
static uint64_t symbols_generation, modules_generation;

/* ---------------------------------------------------------------- loading */

static int no_separate_debuginfo(Dwfl_Module *mod, void **userdata, const char *modname,
				 Dwarf_Addr base, const char *file_name,
				 const char *debuglink_file, GElf_Word debuglink_crc,
				 char **debuginfo_file_name)
{
	(void)mod; (void)userdata; (void)modname; (void)base; (void)file_name;
	(void)debuglink_file; (void)debuglink_crc; (void)debuginfo_file_name;
	return -1;
}

static const Dwfl_Callbacks dwfl_callbacks = {
	.find_elf = dwfl_linux_proc_find_elf,
	.find_debuginfo = no_separate_debuginfo,
};

static void forget_unit_indexes(void);

/* (Re)reads the process's mappings: libraries loaded since are added (and
 * those unloaded dropped, with their DWARF: the unit indexes go too). */
static int report_modules(void)
{
	forget_unit_indexes();
	if (!dwfl && !(dwfl = dwfl_begin(&dwfl_callbacks)))
		return 0;
	dwfl_report_begin(dwfl);
	if (dwfl_linux_proc_report(dwfl, getpid()) != 0) {
		dwfl_report_end(dwfl, NULL, NULL);
		return 0;
	}
	return dwfl_report_end(dwfl, NULL, NULL) == 0;
}

static void load_once(void)
{
	if (libdw_state != LIBDW_UNTRIED)
		return;
	libdw_state = report_modules() ? LIBDW_LOADED : LIBDW_MISSING;
	/* Present when the program is C++ (libstdc++ is loaded). */
	cxa_demangle = (char *(*)(const char *, char *, size_t *, int *))
		dlsym(RTLD_DEFAULT, "__cxa_demangle");
}

/* ---------------------------------------------------------------- names */

/* Index just past the bracket group that ends at s[end - 1] (one of ")]>}")
 * scanning backwards; returns its opening index, or 0 if unbalanced. */
static size_t group_start(const char *s, size_t end)
{
	int depth = 0;

	while (end--) {
		char c = s[end];

		if (c == ')' || c == ']' || c == '>' || c == '}')
			depth++;
		else if (c == '(' || c == '[' || c == '<' || c == '{')
			if (--depth == 0)
				return end;
	}
	return 0;
}

static int is_identifier_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_';
}

/* s[0..len) ends with word, not as the tail of a longer identifier. */
static int ends_with_word(const char *s, size_t len, const char *word)
{
	size_t w = strlen(word);

	return len >= w && !memcmp(s + len - w, word, w) &&
	       (len == w || !is_identifier_char(s[len - w - 1]));
}

/*
 * The demangler's "ns::f(int) const" as the plugin names functions
 * ("ns::f", see plugin/names.cc): no parameter list, no cv or ref
 * qualifier, no return type (template functions), and lambdas and
 * anonymous namespaces spelt the way GCC prints them.
 */
void bench_symbols_plugin_style(const char *in, char *out, size_t cap)
{
	const char *clone = strstr(in, " [clone ");
	size_t len = clone ? (size_t)(clone - in) : strlen(in), o = 0, i, start = 0;
	int depth = 0;

	for (;;) {
		if (ends_with_word(in, len, "const"))
			len -= 5;
		else if (ends_with_word(in, len, "volatile"))
			len -= 8;
		else if (len && in[len - 1] == '&')
			len--;
		else if (len && in[len - 1] == ' ')
			len--;
		else
			break;
	}
	if (len && in[len - 1] == ')') {
		size_t open = group_start(in, len);

		if (open)
			len = open;
	}
	/* A return type ends at the last space outside brackets, unless that
	 * space belongs to "operator new" and friends. */
	for (i = 0; i < len; i++) {
		char c = in[i];

		if (c == '(' || c == '<' || c == '[' || c == '{')
			depth++;
		else if (c == ')' || c == '>' || c == ']' || c == '}')
			depth--;
		else if (c == ' ' && depth == 0 && !ends_with_word(in, i, "operator"))
			start = i + 1;
	}
	for (i = start; i < len && o + 1 < cap; ) {
		if (!strncmp(in + i, "(anonymous namespace)", 21)) {
			static const char gcc[] = "{anonymous}";
			size_t k = sizeof(gcc) - 1 < cap - 1 - o ? sizeof(gcc) - 1 : cap - 1 - o;

			memcpy(out + o, gcc, k);
			o += k;
			i += 21;
		} else if (!strncmp(in + i, "{lambda(", 8)) {
			/* {lambda(int)#1} -> <lambda(int)> */
			size_t close = i + 7, d = 0;

			for (; close < len; close++) {
				if (in[close] == '(')
					d++;
				else if (in[close] == ')' && --d == 0)
					break;
			}
			out[o++] = '<';
			for (size_t k = i + 1; k <= close && k < len && o + 2 < cap; k++)
				out[o++] = in[k];
			if (o + 1 < cap)
				out[o++] = '>';
			while (close < len && in[close] != '}')
				close++;
			i = close + 1;
		} else {
			out[o++] = in[i++];
		}
	}
	out[o] = '\0';
}

/* Suffixes GCC gives the copies of a function it specialises or splits
 * (f.constprop.0, f.isra.0, f.part.0, f.cold, ...): the source function's
 * name is what a reader looks for.  A dot cannot occur in a C name, but
 * the plugin's forwarders (usleep.bench_ptr) keep theirs. */
static const char *const clone_suffixes[] = {
	".constprop.", ".isra.", ".part.", ".cold", ".lto_priv.", ".localalias", ".clone.",
	".specialized.",
};

static size_t without_clone_suffix(const char *symbol)
{
	size_t len = strlen(symbol);

	for (size_t i = 0; i < sizeof(clone_suffixes) / sizeof(clone_suffixes[0]); i++) {
		const char *at = strstr(symbol, clone_suffixes[i]);

		if (at && (size_t)(at - symbol) < len)
			len = (size_t)(at - symbol);
	}
	return len;
}

/* Interned name of a symbol: C++ demangled and plugin-styled, clone
 * suffixes dropped. */
static const char *function_name(const char *symbol)
{
	char styled[1024];
	size_t len;

	if (!symbol || !*symbol)
		return NULL;
	if (symbol[0] == '_' && symbol[1] == 'Z' && cxa_demangle) {
		int status = -1;
		char *plain = cxa_demangle(symbol, NULL, NULL, &status);

		if (plain && status == 0) {
			bench_symbols_plugin_style(plain, styled, sizeof(styled));
			free(plain);
			return bench_intern(styled);
		}
		free(plain);
	}
	len = without_clone_suffix(symbol);
	if (len < strlen(symbol) && len > 0 && len < sizeof(styled)) {
		memcpy(styled, symbol, len);
		styled[len] = '\0';
		return bench_intern(styled);
	}
	return bench_intern(symbol);
}

/* ---------------------------------------------------------------- DWARF */

static const char *die_string(Dwarf_Die *die, unsigned int attr)
{
	Dwarf_Attribute a;

	return dwarf_attr_integrate(die, attr, &a) ? dwarf_formstring(&a) : NULL;
}

static const char *die_function_name(Dwarf_Die *die)
{
	const char *linkage = die_string(die, DW_AT_linkage_name);

	if (!linkage)
		linkage = die_string(die, DW_AT_MIPS_linkage_name);
	return function_name(linkage ? linkage : die_string(die, DW_AT_name));
}

/* DWARF joins each file to the compilation directory; bench_site and
 * call-site descriptors keep names as the compiler was given them, so the
 * directory is taken off again for the same file to read the same. */
static const char *source_name(const char *path, const char *comp_dir)
{
	size_t len = comp_dir ? strlen(comp_dir) : 0;

	if (!path)
		return NULL;
	if (len && !strncmp(path, comp_dir, len) && path[len] == '/' && path[len + 1])
		path += len + 1;
	return bench_intern(path);
}

static void die_declaration(Dwarf_Die *die, const char *comp_dir, struct bench_symbol *out)
{
	int line = 0;

	out->decl_file = source_name(dwarf_decl_file(die), comp_dir);
	out->decl_line = dwarf_decl_line(die, &line) == 0 && line > 0 ? (uint32_t)line : 0;
}

/* Where an inlined subroutine was called from, in its caller. */
static void call_location(Dwarf_Die *inlined, Dwarf_Die *cu, const char *comp_dir,
			  struct bench_symbol *caller)
{
	Dwarf_Attribute a;
	Dwarf_Word file_index = 0, line = 0;
	Dwarf_Files *files;
	size_t nfiles;

	if (dwarf_attr_integrate(inlined, DW_AT_call_line, &a))
		dwarf_formudata(&a, &line);
	caller->line = (uint32_t)line;
	caller->file = NULL;
	if (dwarf_attr_integrate(inlined, DW_AT_call_file, &a) &&
	    dwarf_formudata(&a, &file_index) == 0 &&
	    dwarf_getsrcfiles(cu, &files, &nfiles) == 0 && file_index < nfiles) {
		caller->file = source_name(dwarf_filesrc(files, file_index, NULL, NULL),
					   comp_dir);
	}
}

/*
 * dwarf_getscopes (and dwarf_getscopes_die) walk a compilation unit from
 * its root for every address: in a unit of thousands of functions (a
 * generated test suite: yaml-cpp's gtest files) each new call site took
 * ~16 ms, and a suite ran 2000x slower.  Instead each unit's functions are
 * indexed by address once (its subprograms' ranges, sorted; namespaces
 * descended), and an address's inlined scopes are looked for inside its
 * function only.  Where the index has no function for an address (DWARF
 * of another shape), dwarf_getscopes still answers.
 */
struct function_range {
	Dwarf_Addr low, high; /* [low, high) */
	Dwarf_Off die;
};

struct unit_index {
	struct unit_index *next;
	Dwarf *dbg;
	Dwarf_Off unit;
	struct function_range *functions;
	size_t count, capacity;
};

static struct unit_index *unit_indexes;

static void forget_unit_indexes(void)
{
	while (unit_indexes) {
		struct unit_index *next = unit_indexes->next;

		free(unit_indexes->functions);
		free(unit_indexes);
		unit_indexes = next;
	}
}

static void index_function(struct unit_index *index, Dwarf_Die *die)
{
	Dwarf_Addr base, low, high;
	ptrdiff_t at = 0;

	while ((at = dwarf_ranges(die, at, &base, &low, &high)) > 0) {
		if (index->count == index->capacity) {
			size_t capacity = index->capacity ? 2 * index->capacity : 64;
			struct function_range *grown =
				realloc(index->functions, capacity * sizeof(*grown));

			if (!grown)
				return;
			index->functions = grown;
			index->capacity = capacity;
		}
		index->functions[index->count++] =
			(struct function_range){ low, high, dwarf_dieoffset(die) };
	}
}

/* The subprograms among parent's children, and those nested in its
 * namespaces, types, functions and blocks (a lambda's body is a function
 * of its own, described inside the function that defines it). */
static void index_children(struct unit_index *index, Dwarf_Die *parent)
{
	Dwarf_Die child;

	if (dwarf_child(parent, &child) != 0)
		return;
	do {
		switch (dwarf_tag(&child)) {
		case DW_TAG_subprogram:
			index_function(index, &child);
			index_children(index, &child);
			break;
		case DW_TAG_namespace:
		case DW_TAG_module:
		case DW_TAG_class_type:
		case DW_TAG_structure_type:
		case DW_TAG_union_type:
		case DW_TAG_lexical_block:
			index_children(index, &child);
			break;
		default:
			break;
		}
	} while (dwarf_siblingof(&child, &child) == 0);
}

static int by_low(const void *a, const void *b)
{
	const struct function_range *x = a, *y = b;

	return x->low < y->low ? -1 : x->low > y->low;
}

static struct unit_index *unit_index_of(Dwarf_Die *cu)
{
	Dwarf *dbg = dwarf_cu_getdwarf(cu->cu);
	Dwarf_Off unit = dwarf_dieoffset(cu);
	struct unit_index *index;

	for (index = unit_indexes; index; index = index->next)
		if (index->dbg == dbg && index->unit == unit)
			return index;
	if (!(index = calloc(1, sizeof(*index))))
		return NULL;
	index->dbg = dbg;
	index->unit = unit;
	index_children(index, cu);
	qsort(index->functions, index->count, sizeof(index->functions[0]), by_low);
	index->next = unit_indexes;
	unit_indexes = index;
	return index;
}

/* The concrete function containing pc, from the unit's index. */
static int indexed_function(Dwarf_Die *cu, Dwarf_Addr pc, Dwarf_Die *function)
{
	struct unit_index *index = unit_index_of(cu);
	size_t lo = 0, hi;

	if (!index || !index->count)
		return 0;
	/* The last range starting at or before pc. */
	hi = index->count;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (index->functions[mid].low <= pc)
			lo = mid;
		else
			hi = mid;
	}
	if (index->functions[lo].low > pc || pc >= index->functions[lo].high)
		return 0;
	return dwarf_offdie(index->dbg, index->functions[lo].die, function) != NULL;
}

/* Scopes an inlined subroutine can be nested in.  The rest (parameters,
 * variables, and the call sites GCC describes, one per call: thousands in
 * a function that calls thousands) is skipped on its tag alone. */
static int may_hold_inlined(int tag)
{
	return tag == DW_TAG_inlined_subroutine || tag == DW_TAG_lexical_block ||
	       tag == DW_TAG_try_block || tag == DW_TAG_catch_block;
}

/* Appends to chain (outermost first) the inlined subroutines under parent
 * that contain pc; blocks without ranges of their own are looked into. */
static void inlined_chain(Dwarf_Die *parent, Dwarf_Addr pc, Dwarf_Die *chain, int *n, int max)
{
	Dwarf_Die child;

	if (dwarf_child(parent, &child) != 0)
		return;
	do {
		int has;

		if (!may_hold_inlined(dwarf_tag(&child)))
			continue;
		has = dwarf_haspc(&child, pc);

		if (has == 1) {
			if (dwarf_tag(&child) == DW_TAG_inlined_subroutine && *n < max)
				chain[(*n)++] = child;
			inlined_chain(&child, pc, chain, n, max);
			return;
		}
		if (has == 0 && !dwarf_hasattr(&child, DW_AT_low_pc) &&
		    !dwarf_hasattr(&child, DW_AT_ranges) && dwarf_haschildren(&child)) {
			int before = *n;

			inlined_chain(&child, pc, chain, n, max);
			if (*n > before)
				return;
		}
	} while (dwarf_siblingof(&child, &child) == 0);
}

/* The scopes dwarf_frames names, innermost first: the inlined subroutines
 * at pc, then the function; NULL when the index does not know pc. */
static int indexed_scopes(Dwarf_Die *cu, Dwarf_Addr pc, Dwarf_Die **scopes)
{
	Dwarf_Die function, chain[BENCH_SYMBOLS_MAX_INLINE * 2];
	int n = 0;

	if (!indexed_function(cu, pc, &function))
		return 0;
	inlined_chain(&function, pc, chain, &n, (int)(sizeof(chain) / sizeof(chain[0])));
	if (!(*scopes = malloc((size_t)(n + 1) * sizeof(**scopes))))
		return 0;
	for (int i = 0; i < n; i++)
		(*scopes)[i] = chain[n - 1 - i];
	(*scopes)[n] = function;
	return n + 1;
}

/* The functions active at addr (module-relative in DWARF terms), from the
 * innermost inlined one out to the enclosing real function. */
static unsigned dwarf_frames(Dwfl_Module *mod, Dwarf_Addr addr, struct bench_symbol *out,
			     unsigned max)
{
	Dwarf_Addr bias = 0;
	Dwarf_Die *cu = dwfl_module_addrdie(mod, addr, &bias), *scopes = NULL, innermost;
	Dwfl_Line *src;
	int nscopes, line = 0;
	unsigned n = 0;
	const char *comp_dir;

	if (!cu)
		return 0;
	comp_dir = die_string(cu, DW_AT_comp_dir);
	nscopes = indexed_scopes(cu, addr - bias, &scopes);
	if (nscopes <= 0) {
		/* dwarf_getscopes goes from an inlined subroutine to the
		 * scopes of its abstract definition; the chain of concrete
		 * parents, the functions it was inlined into, comes from
		 * dwarf_getscopes_die. */
		nscopes = dwarf_getscopes(cu, addr - bias, &scopes);
		if (nscopes <= 0) {
			free(scopes);
			return 0;
		}
		innermost = scopes[0];
		free(scopes);
		scopes = NULL;
		nscopes = dwarf_getscopes_die(&innermost, &scopes);
	}
	out[0].file = NULL;
	out[0].line = 0;
	for (int i = 0; i < nscopes && n < max; i++) {
		int tag = dwarf_tag(&scopes[i]);

		if (tag != DW_TAG_inlined_subroutine && tag != DW_TAG_subprogram)
			continue;
		out[n].function = die_function_name(&scopes[i]);
		die_declaration(&scopes[i], comp_dir, &out[n]);
		/* The next one out was executing the call to this one. */
		if (tag == DW_TAG_inlined_subroutine && n + 1 < max)
			call_location(&scopes[i], cu, comp_dir, &out[n + 1]);
		n++;
		if (tag == DW_TAG_subprogram)
			break;
	}
	free(scopes);
	if (n && (src = dwfl_module_getsrc(mod, addr))) {
		const char *file = dwfl_lineinfo(src, NULL, &line, NULL, NULL, NULL);

		out[0].file = source_name(file, comp_dir);
		out[0].line = line > 0 ? (uint32_t)line : 0;
	}
	return n;
}

static unsigned libdw_frames(Dwarf_Addr addr, struct bench_symbol *out, unsigned max)
{
	Dwfl_Module *mod;
	const char *symbol;
	GElf_Off offset;
	GElf_Sym sym;
	unsigned n;

	if (!dwfl && !report_modules())
		return 0;
	mod = dwfl_addrmodule(dwfl, addr);
	/* A library loaded after the last report. */
	if (!mod && report_modules())
		mod = dwfl_addrmodule(dwfl, addr);
	if (!mod)
		return 0;
	if ((n = dwarf_frames(mod, addr, out, max)))
		return n;
	symbol = dwfl_module_addrinfo(mod, addr, &offset, &sym, NULL, NULL, NULL);
	if (!symbol)
		return 0;
	memset(out, 0, sizeof(*out));
	out->function = function_name(symbol);
	return 1;
}

static unsigned dladdr_frames(const void *addr, struct bench_symbol *out)
{
	Dl_info info;

	if (!dladdr(addr, &info) || !info.dli_sname)
		return 0;
	memset(out, 0, sizeof(*out));
	out->function = function_name(info.dli_sname);
	return 1;
}

/* ---------------------------------------------------------------- lookup */

static unsigned resolve(const void *pc, struct bench_symbol *out, unsigned max)
{
	/* The call instruction before the return address: its line, and its
	 * inlining, which the next instruction may not share. */
	uintptr_t at = (uintptr_t)pc - 1;

	load_once();
	if (libdw_state == LIBDW_LOADED) {
		uint64_t generation = __atomic_load_n(&symbols_generation, __ATOMIC_ACQUIRE);

		if (modules_generation != generation && dwfl) {
			modules_generation = generation;
			report_modules();
		}
		return libdw_frames((Dwarf_Addr)at, out, max);
	}
	return dladdr_frames((const void *)at, out);
}

unsigned bench_symbols_lookup(const void *pc, struct bench_symbol *out, unsigned max,
			      int try_only)
{
	struct bench_symbol found[BENCH_SYMBOLS_MAX_INLINE];
	size_t bucket = ((uintptr_t)pc >> 2) * 0x9e3779b97f4a7c15ull >> 54;
	uint64_t generation;
	struct cached *c;
	unsigned n;

	if (!pc || !max)
		return 0;
	if (try_only ? pthread_mutex_trylock(&symbols_lock) != 0
		     : pthread_mutex_lock(&symbols_lock) != 0)
		return 0;
	generation = __atomic_load_n(&symbols_generation, __ATOMIC_ACQUIRE);
	for (c = cache[bucket]; c; c = c->next)
		if (c->pc == pc && c->generation == generation)
			break;
	if (c) {
		n = c->count < max ? c->count : max;
		memcpy(out, c->frames, n * sizeof(*out));
		pthread_mutex_unlock(&symbols_lock);
		return n;
	}
	n = resolve(pc, found, BENCH_SYMBOLS_MAX_INLINE);
	if (cache_entries < CACHE_MAX &&
	    (c = malloc(sizeof(*c) + n * sizeof(c->frames[0])))) {
		c->pc = pc;
		c->generation = generation;
		c->count = n;
		memcpy(c->frames, found, n * sizeof(found[0]));
		c->next = cache[bucket];
		cache[bucket] = c;
		cache_entries++;
	}
	pthread_mutex_unlock(&symbols_lock);
	n = n < max ? n : max;
	memcpy(out, found, n * sizeof(*out));
	return n;
}

void bench_symbols_warm_up(void)
{
	struct bench_symbol one;
	uintptr_t entry = (uintptr_t)getauxval(AT_ENTRY);

	/* The program's entry point: looking it up loads libdw, reads the
	 * process's mappings and indexes the executable's DWARF. */
	if (entry)
		bench_symbols_lookup((const void *)(entry + 1), &one, 1, 0);
}

void bench_symbols_forget(void)
{
	/* No lock: the caller may hold the loader's, which a lookup under
	 * symbols_lock may be waiting for. */
	__atomic_add_fetch(&symbols_generation, 1, __ATOMIC_RELEASE);
}

void bench_symbols_release(void)
{
	pthread_mutex_lock(&symbols_lock);
	forget_unit_indexes();
	if (dwfl)
		dwfl_end(dwfl);
	dwfl = NULL;
	pthread_mutex_unlock(&symbols_lock);
}

void bench_symbols_after_fork_child(void)
{
	/* Another thread may have been inside libdw: its state is left
	 * behind (leaked) and read again on the next lookup.  The cache is
	 * only ever changed under the lock by whole entries, and the same
	 * addresses mean the same code in the child.  Nothing is read here:
	 * the child may never need a name. */
	pthread_mutex_init(&symbols_lock, NULL);
	dwfl = NULL;
	unit_indexes = NULL;
}
