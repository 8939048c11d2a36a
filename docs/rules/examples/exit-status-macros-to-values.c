#include <stdio.h>
#include <stdlib.h>

static int check(int n)
{
	printf("n=%d\n", n);
	return n > 2 ? EXIT_FAILURE : EXIT_SUCCESS;
}

int main(void)
{
	if (check(1) != EXIT_SUCCESS)
		return 1;
	return 0;
}
