/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Checks that end the program when they fail, declared for the files that call
 * them.
 */
#ifndef CHECK_H
#define CHECK_H
int require_positive(int value, const char *what);
int *make_counts(int n);
#endif
