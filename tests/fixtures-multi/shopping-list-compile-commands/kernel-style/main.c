// SPDX-License-Identifier: GPL-2.0
/*
 * A shopping list: a title shouted in capitals, then the items with their
 * counts.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt
#include <linux/module.h>
#include <linux/string.h>
#include <linux/ctype.h>
#include <linux/slab.h>
#include <linux/sched.h>
#include <linux/list.h>
#include <linux/overflow.h>
#include "list.h"
#include "strutil.h"

extern struct list_head tracked_allocations;

/*
 * Every allocation is tracked, so that init can free what it still holds
 * when it returns, as the end of a process would: see the explain report.
 */
struct tracked_allocation {
	struct list_head node;
	unsigned long long data[];
};

/* Takes a block off the list; NULL stays NULL. */
static struct tracked_allocation *tracked_unlink(const void *p)
{
	struct tracked_allocation *t;

	if (!p)
		return NULL;
	/*
	 * The data starts right after the header (its size, as data[] is last).
	 */
	t = (struct tracked_allocation *)p - 1;
	list_del(&t->node);
	return t;
}

static void tracked_kvfree(const void *p)
{
	kvfree(tracked_unlink(p));
}

/* What init still holds when it returns: freed, as a process's exit would. */
static void free_tracked_allocations(void)
{
	while (!list_empty(&tracked_allocations)) {
		/* node is the header's first member: where the block starts */
		struct list_head *first = tracked_allocations.next;

		list_del(first);
		kvfree(first);
	}
}

extern int exit_error;

static int __init shopping_list_init(void)
{
	int ret = 0;
	static const char *const names[] = { "apples", "bread", "cheese" };
	char *title = dup_upper("shopping");

	if (exit_error) {
		ret = exit_error;
		goto out;
	}
	struct list items;

	list_init(&items);
	for (int i = 0; i < 3; i++) {
		cond_resched();
		if (shopping_list_list_add(&items, names[i], i + 2) != 0) {
			pr_err("cannot add %s\n", names[i]);
			list_free(&items);
			tracked_kvfree(title);
			ret = -ENOMEM;
			goto out;
		}
	}
	pr_info("%s: %zu items, %d in all\n", title, items.length,
		list_total(&items));
	for (const struct entry *e = items.head; e; e = e->next) {
		cond_resched();
		pr_info("  %s x%d\n", e->name, e->count);
	}
	list_free(&items);
	tracked_kvfree(title);
out:
	free_tracked_allocations();
	return ret;
}

static void __exit shopping_list_exit(void)
{
}

module_init(shopping_list_init);
module_exit(shopping_list_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("A shopping list: a title shouted in capitals, then...");
