/* The list module: entries own a copy of their name. */
#include <linux/module.h>
#include <linux/string.h>
#include <linux/ctype.h>
#include <linux/slab.h>
#include <linux/sched.h>
#include "list.h"

void list_init(struct list *l)
{
	l->head = NULL;
	l->tail = NULL;
	l->length = 0;
}

int shopping_list_list_add(struct list *l, const char *name, int count)
{
	struct entry *e = kmalloc(sizeof(*e), GFP_KERNEL);
	if (!e)
		return -1;
	e->name = kstrdup(name, GFP_KERNEL);
	if (!e->name) {
		kvfree(e);
		return -1;
	}
	e->count = count;
	e->next = NULL;
	if (l->tail)
		l->tail->next = e;
	else
		l->head = e;
	l->tail = e;
	l->length++;
	return 0;
}

int list_total(const struct list *l)
{
	int total = 0;
	for (const struct entry *e = l->head; e; e = e->next) {
		cond_resched();
		total += e->count;
	}
	return total;
}

void list_free(struct list *l)
{
	struct entry *e = l->head;
	while (e) {
		struct entry *next = e->next;
		cond_resched();
		kvfree(e->name);
		kvfree(e);
		e = next;
	}
	list_init(l);
}
