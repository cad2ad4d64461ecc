/*
 * fd.h - keeping the runtime's own descriptors (records file, spool) out
 * of the numbers a program picks for itself.
 */
#ifndef BENCH_FD_H
#define BENCH_FD_H

/* Returns a close-on-exec duplicate of fd at a high number (fd itself
 * closed), or fd when there is none to be had. */
int bench_fd_move_high(int fd);

#endif /* BENCH_FD_H */
