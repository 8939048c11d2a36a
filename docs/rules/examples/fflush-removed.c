#include <stdio.h>

int main(void)
{
	printf("working\n");
	fflush(stdout);
	return 0;
}
