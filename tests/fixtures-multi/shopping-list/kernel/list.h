/* A singly linked list of named entries, kept in insertion order. */
#ifndef LIST_H
#define LIST_H

#include <linux/types.h>

struct entry {
	char *name;
	int count;
	struct entry *next;
};

struct list {
	struct entry *head;
	struct entry *tail;
	size_t length;
};

void list_init(struct list *l);
int shopping_list_list_add(struct list *l, const char *name, int count);
int list_total(const struct list *l);
void list_free(struct list *l);

#endif
