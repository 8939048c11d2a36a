// kernelize port --style kernel
#include <stdio.h>

#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))

int main(void)
{
	int lo = 4, hi = 9;

	printf("%d %d\n", MIN(lo, hi), MAX(lo, hi));
	return 0;
}
