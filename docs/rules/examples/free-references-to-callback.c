#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void for_each(char **items, int n, void (*visit)(void *))
{
	int i;

	for (i = 0; i < n; i++)
		visit(items[i]);
}

int main(void)
{
	char *names[2] = { NULL, NULL };

	names[0] = strdup("ada");
	names[1] = strdup("grace");
	if (names[0] && names[1])
		printf("%s and %s\n", names[0], names[1]);
	for_each(names, 2, free);
	return 0;
}
