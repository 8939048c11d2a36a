#include <stdio.h>
#include <stdlib.h>

int main(void)
{
	int n = atoi("42");
	long mask = strtol("ff", NULL, 16);

	printf("%d %ld\n", n, mask);
	return 0;
}
