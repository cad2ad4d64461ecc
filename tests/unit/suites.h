/*
 * suites.h - every CUnit suite of the runtime's unit tests; main.c
 * registers them all.  Each add_*_suite returns 0 or a CUnit error.
 */
#ifndef BENCH_TEST_SUITES_H
#define BENCH_TEST_SUITES_H

int add_json_suite(void);
int add_format_suite(void);
int add_histogram_suite(void);
int add_clock_suite(void);
int add_ring_suite(void);
int add_settings_suite(void);
int add_runtime_suite(void);
int add_process_suite(void);
int add_blocking_suite(void);
int add_stack_suite(void);
int add_unwind_suite(void);
int add_fold_suite(void);
int add_spool_suite(void);
int add_pack_suite(void);

#endif /* BENCH_TEST_SUITES_H */
