// SPDX-License-Identifier: GPL-2.0
/* The list module: entries own a copy of their name. */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/string.h>
#include <linux/ctype.h>
#include <linux/slab.h>
#include <linux/sched.h>
#include <linux/list.h>
#include <linux/overflow.h>
#include "list.h"

/*
 * Every allocation is tracked, so that init can free what it still holds
 * when it returns, as the end of a process would: see the explain report.
 */
struct tracked_allocation {
	struct list_head node;
	unsigned long long data[];
};

extern struct list_head tracked_allocations;
LIST_HEAD(tracked_allocations);

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

static char *tracked_copy(char *copy, const char *s, size_t len)
{
	copy = tracked_link((struct tracked_allocation *)copy, NULL);
	if (copy) {
		memcpy(copy, s, len);
		copy[len] = '\0';
	}
	return copy;
}

#define tracked_kmalloc(size, flags) \
	tracked_link(kmalloc(tracked_size(size), flags), NULL)

#define tracked_kvmalloc(size, flags) \
	tracked_link(kvmalloc(tracked_size(size), flags), NULL)

#define tracked_kstrdup(s, flags)                                          \
	({                                                                 \
		const char *__s = (s);                                     \
		size_t __len = strlen(__s);                                \
		tracked_copy(kmalloc(tracked_size(__len + 1), flags), __s, \
			     __len);                                       \
	})

static void tracked_kvfree(const void *p)
{
	kvfree(tracked_unlink(p));
}

void list_init(struct list *l)
{
	l->head = NULL;
	l->tail = NULL;
	l->length = 0;
}

int shopping_list_list_add(struct list *l, const char *name, int count)
{
	struct entry *e = tracked_kmalloc(sizeof(*e), GFP_KERNEL);

	if (!e)
		return -1;
	e->name = tracked_kstrdup(name, GFP_KERNEL);
	if (!e->name) {
		tracked_kvfree(e);
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
		tracked_kvfree(e->name);
		tracked_kvfree(e);
		e = next;
	}
	list_init(l);
}
