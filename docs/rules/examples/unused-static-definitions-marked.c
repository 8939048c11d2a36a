#include <stdio.h>

static int calls;

static int square(int x)
{
	return x * x;
}

static int cube(int x)
{
	return x * x * x;
}

int main(void)
{
	printf("%d\n", square(7));
	return 0;
}
