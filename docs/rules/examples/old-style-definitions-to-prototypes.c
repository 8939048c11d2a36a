#include <stdio.h>

int power(base, n)
int base, n;
{
	int p = 1;

	while (n-- > 0)
		p = p * base;
	return p;
}

int main(void)
{
	int i;

	for (i = 0; i < 5; i++)
		printf("%d %d %d\n", i, power(2, i), power(-3, i));
	return 0;
}
