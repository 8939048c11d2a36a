/* A check that exits with status 2, and an allocation that exits with status 1. */
#include <stdio.h>
#include <stdlib.h>
#include "check.h"

void require_positive(int value, const char *what)
{
	if (value <= 0) {
		fprintf(stderr, "%s must be positive\n", what);
		exit(2);
	}
}

int *make_counts(int n)
{
	int *counts = malloc(n * sizeof(*counts));
	if (!counts) {
		perror("malloc");
		exit(1);
	}
	for (int i = 0; i < n; i++)
		counts[i] = i;
	return counts;
}
