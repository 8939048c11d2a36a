// SPDX-License-Identifier: GPL-2.0
/* String helpers that give up on the whole program when memory runs out. */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt
#include <linux/module.h>
#include <linux/string.h>
#include <linux/ctype.h>
#include <linux/slab.h>
#include <linux/sched.h>
#include <linux/list.h>
#include <linux/overflow.h>
#include "strutil.h"

/*
 * The negative errno of the last exit that became an error return; 0 while none
 * failed.
 */
extern int exit_error;
int exit_error;

#define tracked_kvmalloc(size, flags) \
	tracked_link(kvmalloc(tracked_size(size), flags), NULL)

/*
 * Every allocation is tracked, so that init can free what it still holds
 * when it returns, as the end of a process would: see the explain report.
 */
struct tracked_allocation {
	struct list_head node;
	unsigned long long data[];
};

extern struct list_head tracked_allocations;

/*
 * Room for the header too; a size that would overflow asks for too much, and
 * fails.
 */
static inline size_t tracked_size(size_t size)
{
	return size > SIZE_MAX - sizeof(struct tracked_allocation) ?
		       SIZE_MAX :
		       sizeof(struct tracked_allocation) + size;
}

/*
 * Puts a new block on the list (or puts back the old one, when resizing it
 * failed).
 */
static void *tracked_link(struct tracked_allocation *t,
			  struct tracked_allocation *old)
{
	if (!t) {
		if (old)
			list_add(&old->node, &tracked_allocations);
		return NULL;
	}
	list_add(&t->node, &tracked_allocations);
	return t->data;
}

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
	char *copy = tracked_kvmalloc(n + 1, GFP_KERNEL | __GFP_RETRY_MAYFAIL |
						     __GFP_NOWARN);

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
