#include <stdio.h>

int main(void)
{
	unsigned int mask = 0xF0F0u;

	printf("%d bits set, the lowest at %d\n", __builtin_popcount(mask), __builtin_ctz(mask));
	return 0;
}
