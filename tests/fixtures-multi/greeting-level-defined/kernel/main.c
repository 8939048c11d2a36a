/* Greets the module. */
#include <linux/module.h>
#include <linux/string.h>
#include <linux/slab.h>
#include "greet.h"

int greeting_level_defined_init(void)
{
	if (greet("module") != 0) {
		pr_err("no greeting\n");
		return -ENOMEM;
	}
	return 0;
}

void greeting_level_defined_exit(void)
{
}

module_init(greeting_level_defined_init);
module_exit(greeting_level_defined_exit);

MODULE_LICENSE("GPL");
