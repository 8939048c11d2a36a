/* The list module: entries own a copy of their name. */
#include <stdlib.h>
#include <string.h>
#include "list.h"

void list_init(struct list *l)
{
	l->head = NULL;
	l->tail = NULL;
	l->length = 0;
}

int list_add(struct list *l, const char *name, int count)
{
	struct entry *e = malloc(sizeof(*e));
	if (!e)
		return -1;
	e->name = strdup(name);
	if (!e->name) {
		free(e);
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
	for (const struct entry *e = l->head; e; e = e->next)
		total += e->count;
	return total;
}

void list_free(struct list *l)
{
	struct entry *e = l->head;
	while (e) {
		struct entry *next = e->next;
		free(e->name);
		free(e);
		e = next;
	}
	list_init(l);
}
