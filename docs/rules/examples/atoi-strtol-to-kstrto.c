#include <stdio.h>
#include <stdlib.h>

int main(void)
{
	int n = strtol("42", NULL, 10);
	long mask = strtol("ff", NULL, 16);

	printf("%d %ld\n", n, mask);
	return 0;
}
