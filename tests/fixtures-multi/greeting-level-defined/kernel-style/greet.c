// SPDX-License-Identifier: GPL-2.0
/*
 * The greeting the build selects: -DGREETING_LEVEL=2 in compile_commands.json.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/string.h>
#include <linux/slab.h>
#include "greet.h"

#if GREETING_LEVEL >= 2
int greet(const char *who)
{
	char *line = kvmalloc(strlen(who) + 16,
			      GFP_KERNEL | __GFP_RETRY_MAYFAIL | __GFP_NOWARN);

	if (!line)
		return -1;
	snprintf(line, strlen(who) + 16, "hello, %s!", who);
	pr_info("%s\n", line);
	kvfree(line);
	return 0;
}
#else

int greet(const char *who)
{
	pid_t child = fork();

	if (child == 0) {
		printf("hello from a child, %s\n", who);
		exit(0);
	}
	return child < 0 ? -1 : 0;
}
#endif
