// SPDX-License-Identifier: GPL-2.0
/* Greets the module. */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt
#include <linux/module.h>
#include <linux/string.h>
#include <linux/slab.h>
#include "greet.h"

static int __init greeting_level_defined_init(void)
{
	if (greet("module") != 0) {
		pr_err("no greeting\n");
		return -ENOMEM;
	}
	return 0;
}

static void __exit greeting_level_defined_exit(void)
{
}

module_init(greeting_level_defined_init);
module_exit(greeting_level_defined_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Greets the module");
