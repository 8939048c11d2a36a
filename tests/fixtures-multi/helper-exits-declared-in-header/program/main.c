/* Counts made by a helper that exits on failure, after a check that exits too. */
#include <stdio.h>
#include <stdlib.h>
#include "check.h"

int main(void)
{
	int n = 4;
	require_positive(n, "n");
	int *counts = make_counts(n);
	int *more = make_counts(n * 2);
	printf("%d %d\n", counts[n - 1], more[2 * n - 1]);
	free(more);
	free(counts);
	return 0;
}
