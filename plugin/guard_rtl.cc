/*
 * guard_rtl.cc - the `bench_guard_rtl` RTL pass: on x86-64 it puts the
 * inline checks around the hooks at the very end of RTL compilation (after
 * `*free_cfg`, just before the machine-dependent reorg and `final`):
 *
 *      <args>; call __bench_enter      ->  <args>; movl __bench_active, %eax
 *                                              testl %eax, %eax; je 1f
 *                                              call __bench_enter; 1:
 *      <args>; call __bench_exit       ->  <args>; testq %rsi, %rsi; je 1f
 *                                              call __bench_exit; 1:
 *
 * Why: the checks are branches, and every RTL pass (register allocation,
 * dataflow, CSE, scheduling, cfg cleanups, ...) pays for the blocks they
 * split around each hook and each inlined copy of it.  With the branches
 * emitted in GIMPLE (guard.cc's fallback), a file where every function is
 * instrumented compiled ~12% slower than with -finstrument-functions; added
 * here, after the last pass that looks at the CFG, they cost almost nothing
 * to compile, and the code is the same load, test and branch.
 *
 * Why it is safe so late, for a call following the x86-64 SysV ABI:
 *  - %rax and the flags are clobbered by the call and carry no argument
 *    (the hooks are not variadic), so they are free just before it;
 *  - on the skipped enter path %rax holds the zero-extended 0 just loaded,
 *    which is the token "not timed" that the code after the call reads;
 *  - the token reaches __bench_exit in %rsi, its second argument;
 *  - the argument set-up left before the branch only writes registers the
 *    call clobbers anyway, and neither hook changes the stack pointer, so
 *    the CFI at the label is the one at the branch.
 * An exit hook GCC made a sibling call (`jmp __bench_exit` after the
 * epilogue) gets a return of its own on the skipped path.  A call that
 * does not have this exact shape is left unguarded, which is correct (the
 * runtime ignores a call while inactive and a token of 0) and only costs
 * the call.
 *
 * Other targets, ABIs and code models use guard.cc's GIMPLE checks.
 *
 * To debug: -fdump-rtl-bench_guard_rtl is refused (see instrument.cc), but
 * the effect is visible with -S.
 */
#include "compat.h"
#include "rtl.h"
#include "memmodel.h"
#include "insn-config.h"
#include "emit-rtl.h"
#include "recog.h"
#include "target.h"
#include "guard.h"

#ifdef ix86_cmodel
#define GUARD_RTL_TARGET 1
#else
#define GUARD_RTL_TARGET 0
#endif

bool bench_guard_rtl_usable(void)
{
#if GUARD_RTL_TARGET
	return TARGET_64BIT && TARGET_LP64 && ix86_abi == SYSV_ABI &&
	       (ix86_cmodel == CM_SMALL || ix86_cmodel == CM_SMALL_PIC);
#else
	return false;
#endif
}

#if GUARD_RTL_TARGET

/* The symbol a call insn calls: GCC's record of the callee (with -fipa-ra,
 * on by default from -O1), else the call's own address, a symbol or with
 * -fno-plt a load from its GOT slot. */
static rtx callee_symbol(rtx_insn *insn)
{
	rtx note = find_reg_note(insn, REG_CALL_DECL, NULL_RTX), call, addr;

	if (note && XEXP(note, 0))
		return XEXP(note, 0);
	if (!(call = get_call_rtx_from(insn)) || !MEM_P(XEXP(call, 0)))
		return NULL_RTX;
	addr = XEXP(XEXP(call, 0), 0);
	if (MEM_P(addr) && GET_CODE(XEXP(addr, 0)) == CONST &&
	    GET_CODE(XEXP(XEXP(addr, 0), 0)) == UNSPEC &&
	    XINT(XEXP(XEXP(addr, 0), 0), 1) == UNSPEC_GOTPCREL)
		addr = XVECEXP(XEXP(XEXP(addr, 0), 0), 0, 0);
	return addr;
}

/* The hook a call insn calls, if any. */
static enum bench_hook hook_of_insn(rtx_insn *insn)
{
	rtx sym;
	enum bench_hook hook;

	if (!CALL_P(insn) || !(sym = callee_symbol(insn)) ||
	    GET_CODE(sym) != SYMBOL_REF || !SYMBOL_REF_DECL(sym) ||
	    TREE_CODE(SYMBOL_REF_DECL(sym)) != FUNCTION_DECL)
		return BENCH_HOOK_NONE;
	hook = bench_hook_of_decl(SYMBOL_REF_DECL(sym));
	/* An enter hook is never a sibling call: its token is used after it. */
	if (hook == BENCH_HOOK_ENTER && SIBLING_CALL_P(insn))
		return BENCH_HOOK_NONE;
	return hook;
}

/* Whether the call passes REGNO (DImode) as an argument. */
static bool uses_arg_reg(rtx_insn *call, unsigned regno)
{
	for (rtx link = CALL_INSN_FUNCTION_USAGE(call); link; link = XEXP(link, 1)) {
		rtx use = XEXP(link, 0);

		if (GET_CODE(use) == USE && REG_P(XEXP(use, 0)) &&
		    REGNO(XEXP(use, 0)) == regno && GET_MODE(XEXP(use, 0)) == DImode)
			return true;
	}
	return false;
}

/* Emits PAT before CALL and records it in ADDED, which guard_call removes
 * on failure; false if the target does not recognise it. */
static bool emit_recognised(vec<rtx_insn *> *added, rtx pat, rtx_insn *call)
{
	rtx_insn *insn = emit_insn_before(pat, call);

	added->safe_push(insn);
	return recog_memoized(insn) >= 0;
}

/* %eax = __bench_active, zero-extended into %rax, addressed the way GCC
 * addresses it in this unit (direct, or through the GOT for -fPIC). */
static bool emit_load_active(vec<rtx_insn *> *added, rtx_insn *call)
{
	rtx decl_mem = DECL_RTL(bench_active_decl());
	rtx sym = XEXP(decl_mem, 0);
	rtx ax = gen_rtx_REG(DImode, AX_REG), mem;

	if (GET_CODE(sym) != SYMBOL_REF)
		return false;
	if (strict_memory_address_p(SImode, sym)) {
		mem = gen_rtx_MEM(SImode, sym);
	} else {
		rtx got = gen_const_mem(Pmode, gen_rtx_CONST(Pmode,
			gen_rtx_UNSPEC(Pmode, gen_rtvec(1, sym), UNSPEC_GOTPCREL)));

		if (!emit_recognised(added, gen_rtx_SET(ax, got), call))
			return false;
		mem = gen_rtx_MEM(SImode, ax);
	}
	MEM_VOLATILE_P(mem) = 1;
	return emit_recognised(added, gen_rtx_SET(ax, gen_rtx_ZERO_EXTEND(DImode, mem)), call);
}

/* if (REG == 0) skip CALL: a test, a branch, and a label after the call. */
static bool emit_skip_if_zero(vec<rtx_insn *> *added, rtx reg, rtx_insn *call)
{
	rtx flags = gen_rtx_REG(CCZmode, FLAGS_REG);
	rtx_code_label *skip;
	rtx_insn *jump;

	if (!emit_recognised(added, gen_rtx_SET(flags, gen_rtx_COMPARE(CCZmode, reg, const0_rtx)),
			     call))
		return false;
	skip = gen_label_rtx();
	jump = emit_jump_insn_before(gen_rtx_SET(pc_rtx,
		gen_rtx_IF_THEN_ELSE(VOIDmode, gen_rtx_EQ(VOIDmode, flags, const0_rtx),
				     gen_rtx_LABEL_REF(Pmode, skip), pc_rtx)), call);
	added->safe_push(jump);
	if (recog_memoized(jump) < 0)
		return false;
	JUMP_LABEL(jump) = skip;
	LABEL_NUSES(skip)++;
	if (!SIBLING_CALL_P(call)) {
		emit_label_after(skip, call);
		return true;
	}
	/* A sibling call (`jmp __bench_exit` after the epilogue) does not come
	 * back: the skipped path returns on its own, after the call's barrier. */
	rtx_insn *after = NEXT_INSN(call);
	rtx_insn *ret;

	/* With -g, variable-location notes come between. */
	while (after && NOTE_P(after))
		after = NEXT_INSN(after);
	if (!after || !BARRIER_P(after) || !targetm.have_simple_return())
		return false;
	added->safe_push(emit_label_after(skip, after));
	ret = emit_jump_insn_after(targetm.gen_simple_return(), added->last());
	added->safe_push(ret);
	if (recog_memoized(ret) < 0)
		return false;
	JUMP_LABEL(ret) = simple_return_rtx;
	emit_barrier_after(ret);
	return true;
}

static void guard_call(rtx_insn *call, enum bench_hook hook)
{
	auto_vec<rtx_insn *> added;
	bool ok;

	if (hook == BENCH_HOOK_ENTER)
		ok = emit_load_active(&added, call) &&
		     emit_skip_if_zero(&added, gen_rtx_REG(SImode, AX_REG), call);
	else
		ok = uses_arg_reg(call, SI_REG) &&
		     emit_skip_if_zero(&added, gen_rtx_REG(DImode, SI_REG), call);
	if (!ok) {
		unsigned i;
		rtx_insn *insn;

		FOR_EACH_VEC_ELT(added, i, insn)
			delete_insn(insn);
	}
}

static const pass_data guard_rtl_pass_data = {
	RTL_PASS,                      /* type */
	"bench_guard_rtl",             /* name */
	OPTGROUP_NONE,                 /* optinfo_flags */
	TV_NONE,                       /* tv_id */
	0,                             /* properties_required */
	0,                             /* properties_provided */
	0,                             /* properties_destroyed */
	0,                             /* todo_flags_start */
	0,                             /* todo_flags_finish */
};

class guard_rtl_pass : public rtl_opt_pass {
public:
	guard_rtl_pass(gcc::context *ctx) : rtl_opt_pass(guard_rtl_pass_data, ctx) {}

	bool gate(function *) final override
	{
		return bench_guard_late() && bench_guard_rtl_usable();
	}

	unsigned int execute(function *) final override
	{
		rtx_insn *insn, *next;
		enum bench_hook hook;

		for (insn = get_insns(); insn; insn = next) {
			next = NEXT_INSN(insn);
			if ((hook = hook_of_insn(insn)) != BENCH_HOOK_NONE)
				guard_call(insn, hook);
		}
		return 0;
	}
};

void bench_guard_rtl_register(const char *plugin_name)
{
	bench_register_pass(plugin_name, new guard_rtl_pass(g), "*free_cfg",
			    PASS_POS_INSERT_AFTER);
}

#else

void bench_guard_rtl_register(const char *)
{
}

#endif
