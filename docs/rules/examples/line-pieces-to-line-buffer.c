// kernelize port --style kernel
#include <stdio.h>

int main(void)
{
	printf("counting:");
	for (int i = 1; i <= 3; i++)
		printf(" %d", i);
	putchar('\n');
	return 0;
}
