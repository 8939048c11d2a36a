/* A shopping list: a title shouted in capitals, then the items with their counts. */
#include <linux/module.h>
#include <linux/string.h>
#include <linux/ctype.h>
#include <linux/slab.h>
#include <linux/sched.h>
#include "list.h"
#include "strutil.h"

extern int exit_error;

int shopping_list_init(void)
{
	static const char *const names[] = { "apples", "bread", "cheese" };
	char *title = dup_upper("shopping");
	if (exit_error)
		return exit_error;
	struct list items;

	list_init(&items);
	for (int i = 0; i < 3; i++) {
		cond_resched();
		if (shopping_list_list_add(&items, names[i], i + 2) != 0) {
			pr_err("cannot add %s\n", names[i]);
			list_free(&items);
			kvfree(title);
			return -EINVAL;
		}
	}
	pr_info("%s: %zu items, %d in all\n", title, items.length, list_total(&items));
	for (const struct entry *e = items.head; e; e = e->next) {
		cond_resched();
		pr_info("  %s x%d\n", e->name, e->count);
	}
	list_free(&items);
	kvfree(title);
	return 0;
}

void shopping_list_exit(void)
{
}

module_init(shopping_list_init);
module_exit(shopping_list_exit);

MODULE_LICENSE("GPL");
