// SPDX-License-Identifier: GPL-2.0
/*
 * A check that exits with status 2, and an allocation that exits with status 1.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/slab.h>
#include <linux/sched.h>
#include "check.h"

int require_positive(int value, const char *what)
{
	if (value <= 0) {
		pr_err("%s must be positive\n", what);
		return -EINVAL;
	}
	return 0;
}

int *make_counts(int n)
{
	int *counts =
		kvmalloc_array(n, sizeof(*counts),
			       GFP_KERNEL | __GFP_RETRY_MAYFAIL | __GFP_NOWARN);

	if (!counts) {
		pr_err("malloc: Cannot allocate memory\n");
		return NULL;
	}
	for (int i = 0; i < n; i++) {
		cond_resched();
		counts[i] = i;
	}
	return counts;
}
