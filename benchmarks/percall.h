/*
 * percall.h - the functions the per-call benchmark times: the baseline and
 * the floor (percall_base.c, always plain) and the empty target function
 * (percall_target.c, compiled once per instrumentation variant).
 */
#ifndef BENCH_PERCALL_H
#define BENCH_PERCALL_H

void plain_empty(void);
void floor_empty(void);
void target_empty(void);

#endif
