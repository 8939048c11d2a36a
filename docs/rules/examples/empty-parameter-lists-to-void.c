#include <stdio.h>

static int twice();

static int twice(int x)
{
	return 2 * x;
}

static void banner()
{
	printf("%d\n", twice(21));
}

int main()
{
	banner();
	return 0;
}
