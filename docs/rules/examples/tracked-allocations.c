#include <err.h>
#include <stdio.h>
#include <stdlib.h>

struct node {
	int value;
	struct node *next;
};

int main(void)
{
	struct node *head = NULL;
	for (int i = 0; i < 3; i++) {
		struct node *n = malloc(sizeof(*n));
		if (!n)
			err(1, "no memory for node %d", i);
		n->value = i;
		n->next = head;
		head = n;
	}
	for (struct node *n = head; n; n = n->next)
		printf("%d\n", n->value);
	return 0;
}
