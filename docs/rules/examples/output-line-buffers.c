#include <stdio.h>

static void print_row(const int *row, int n)
{
	for (int i = 0; i < n; i++)
		printf("%d%c", row[i], i == n - 1 ? '\n' : ' ');
}

int main(void)
{
	int grid[2][3] = { { 1, 2, 3 }, { 4, 5, 6 } };

	printf("counting:");
	for (int i = 1; i <= 3; i++)
		printf(" %d", i);
	putchar('\n');
	for (int r = 0; r < 2; r++)
		print_row(grid[r], 3);
	printf("done");
	return 0;
}
