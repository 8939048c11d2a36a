#include <stdio.h>
#include <stdlib.h>

int main(void)
{
	long delta = -5;

	printf("%d %ld\n", abs(-3), labs(delta));
	return 0;
}
