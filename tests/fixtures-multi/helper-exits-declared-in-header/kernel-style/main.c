// SPDX-License-Identifier: GPL-2.0
/*
 * Counts made by a helper that exits on failure, after a check that exits too.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/sched.h>
#include "check.h"

static int __init helper_exits_declared_in_header_init(void)
{
	int ret = -EINVAL;
	int n = 4;

	ret = require_positive(n, "n");
	if (ret)
		goto out;

	int *counts = make_counts(n);

	ret = -ENOMEM;
	if (!counts)
		goto out;

	int *more = make_counts(n * 2);

	if (!more)
		goto out_free;

	pr_info("%d %d\n", counts[n - 1], more[2 * n - 1]);

	ret = 0;
	kvfree(more);
out_free:
	kvfree(counts);
out:
	return ret;
}

static void __exit helper_exits_declared_in_header_exit(void)
{
}

module_init(helper_exits_declared_in_header_init);
module_exit(helper_exits_declared_in_header_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Counts made by a helper that exits on failure, after...");
