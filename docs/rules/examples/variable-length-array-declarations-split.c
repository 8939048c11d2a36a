#include <stdio.h>

static void table(int n)
{
	int rows = n + 1, squares[rows], cubes[rows];
	int i;

	for (i = 0; i < rows; i++) {
		squares[i] = i * i;
		cubes[i] = i * i * i;
	}
	printf("%d %d\n", squares[n], cubes[n]);
}

int main(void)
{
	table(5);
	return 0;
}
