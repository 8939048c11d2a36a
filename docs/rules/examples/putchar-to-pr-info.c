#include <stdio.h>

int main(void)
{
	printf("stars: ");
	for (int i = 0; i < 5; i++)
		putchar('*');
	putchar('\n');
	return 0;
}
