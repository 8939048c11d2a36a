#include <stdio.h>
#include <stdlib.h>

static int compare_ints(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

int main(void)
{
	int sorted[] = { 1, 3, 5, 7 };
	int key = 5;
	int *found = bsearch(&key, sorted, 4, sizeof(sorted[0]), compare_ints);

	printf("%s\n", found ? "found" : "missing");
	return 0;
}
