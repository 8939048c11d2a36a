#include <stdio.h>

int main(void)
{
	for (int n = 7; n < 1000; n *= 9)
		printf("[%08.3d] [%-05d]\n", n, n);
	return 0;
}
