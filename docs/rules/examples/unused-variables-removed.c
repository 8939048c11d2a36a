#include <stdio.h>

int main(void)
{
	int total = 0, i, spare = 3;

	for (i = 1; i <= 4; i++)
		total += i;
	printf("%d\n", total);
	return 0;
}
