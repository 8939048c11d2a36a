#include <stdio.h>
#include <stdlib.h>

static void goodbye(void)
{
	printf("goodbye\n");
}

int main(void)
{
	if (atexit(goodbye) != 0)
		return 1;
	printf("hello\n");
	return 0;
}
