// SPDX-License-Identifier: GPL-2.0
/* The statistics: each file keeps its own small helpers. */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/string.h>
#include <linux/slab.h>
#include <linux/sched.h>
#include "stats.h"

/* The larger of two readings. */
static int pick(int a, int b)
{
	return a > b ? a : b;
}

int *copy_readings(const int *values, int n)
{
	int *copy =
		kvmalloc_array(n, sizeof(*copy),
			       GFP_KERNEL | __GFP_RETRY_MAYFAIL | __GFP_NOWARN);

	if (!copy)
		return NULL;
	memcpy(copy, values, n * sizeof(*copy));
	return copy;
}

int readings_range(const int *values, int n)
{
	int high = values[0];
	int low = values[0];

	for (int i = 1; i < n; i++) {
		cond_resched();
		high = pick(high, values[i]);
		low = -pick(-low, -values[i]);
	}
	return high - low;
}
