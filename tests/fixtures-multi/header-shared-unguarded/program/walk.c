/* Walks a path and adds up the distance between its points. */
#include <stdio.h>
#include <stdlib.h>
#include "point.h"

int main(void)
{
	struct point *path = make_path(6);
	int total = 0;

	if (!path) {
		fprintf(stderr, "no memory for the path\n");
		return 1;
	}
	for (int i = 1; i < 6; i++)
		total += manhattan(path[i - 1], path[i]);
	printf("walked %d steps\n", total);
	free(path);
	return 0;
}
