// SPDX-License-Identifier: GPL-2.0
/* Walks a path and adds up the distance between its points. */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/sched.h>
#include "point.h"

static int __init header_shared_unguarded_init(void)
{
	int ret = -ENOMEM;
	struct point *path = make_path(6);
	int total = 0;

	if (!path) {
		pr_err("no memory for the path\n");
		goto out;
	}

	for (int i = 1; i < 6; i++)
		total += manhattan(path[i - 1], path[i]);
	pr_info("walked %d steps\n", total);

	ret = 0;
	kvfree(path);
out:
	return ret;
}

static void __exit header_shared_unguarded_exit(void)
{
}

module_init(header_shared_unguarded_init);
module_exit(header_shared_unguarded_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Walks a path and adds up the distance between its points");
