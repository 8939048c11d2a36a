/* A shopping list: a title shouted in capitals, then the items with their counts. */
#include <stdio.h>
#include <stdlib.h>
#include "list.h"
#include "strutil.h"

int main(void)
{
	static const char *const names[] = { "apples", "bread", "cheese" };
	char *title = dup_upper("shopping");
	struct list items;

	list_init(&items);
	for (int i = 0; i < 3; i++) {
		if (list_add(&items, names[i], i + 2) != 0) {
			fprintf(stderr, "cannot add %s\n", names[i]);
			list_free(&items);
			free(title);
			return 1;
		}
	}
	printf("%s: %zu items, %d in all\n", title, items.length, list_total(&items));
	for (const struct entry *e = items.head; e; e = e->next)
		printf("  %s x%d\n", e->name, e->count);
	list_free(&items);
	free(title);
	return 0;
}
