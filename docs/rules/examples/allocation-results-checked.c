#include <stdio.h>
#include <stdlib.h>

struct node {
	int value;
	struct node *next;
};

static struct node *push(struct node *head, int value)
{
	struct node *n = malloc(sizeof(*n));

	n->value = value;
	n->next = head;
	return n;
}

int main(void)
{
	struct node *list = push(NULL, 1);

	printf("%d\n", list->value);
	free(list);
	return 0;
}
