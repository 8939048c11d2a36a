// SPDX-License-Identifier: GPL-2.0
/* String helpers that give up on the whole program when memory runs out. */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt
#include <linux/module.h>
#include <linux/string.h>
#include <linux/ctype.h>
#include <linux/slab.h>
#include <linux/sched.h>
#include "strutil.h"

/*
 * The negative errno of the last exit that became an error return; 0 while none
 * failed.
 */
extern int exit_error;
int exit_error;

/*
 * toupper() in the C locale: ASCII letters change case, every other value (EOF
 * included) is returned unchanged.
 */
static inline int c_toupper(int c)
{
	return c >= 0 && c <= 127 ? toupper(c) : c;
}

char *dup_upper(const char *s)
{
	size_t n = strlen(s);
	char *copy = kvmalloc(n + 1,
			      GFP_KERNEL | __GFP_RETRY_MAYFAIL | __GFP_NOWARN);

	if (!copy) {
		pr_err("out of memory copying '%s'\n", s);
		exit_error = -ENOMEM;
		return NULL;
	}
	for (size_t i = 0; i < n; i++) {
		cond_resched();
		copy[i] = c_toupper((unsigned char)s[i]);
	}
	copy[n] = '\0';
	return copy;
}
