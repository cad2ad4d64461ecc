/*
 * main.c - runs every CUnit suite of the runtime; exits non-zero when a
 * test fails.  The runtime is only ever initialised in forked children
 * (see scenario.c), so each scenario starts from a fresh process.
 */
#include <CUnit/Basic.h>
#include <stdio.h>

#include "suites.h"

int main(void)
{
	int (*const suites[])(void) = {
		add_json_suite, add_format_suite, add_histogram_suite, add_clock_suite,
		add_ring_suite, add_settings_suite, add_runtime_suite, add_process_suite, add_blocking_suite,
		add_stack_suite, add_unwind_suite,
		add_fold_suite,
		add_spool_suite,
		add_pack_suite,
	};
	unsigned int failures;
	size_t i;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 2;
	for (i = 0; i < sizeof(suites) / sizeof(suites[0]); i++) {
		if (suites[i]() != CUE_SUCCESS) {
			fprintf(stderr, "cannot register suite %zu: %s\n", i, CU_get_error_msg());
			CU_cleanup_registry();
			return 2;
		}
	}
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	failures = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
	if (CU_get_error() != CUE_SUCCESS)
		failures++;
	CU_cleanup_registry();
	return failures ? 1 : 0;
}
