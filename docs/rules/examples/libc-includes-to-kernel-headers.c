#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void)
{
	char *copy = strdup("tux");
	if (!copy)
		return 1;
	printf("%s has %zu letters\n", copy, strlen(copy));
	free(copy);
	return 0;
}
