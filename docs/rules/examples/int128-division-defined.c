#include <stdio.h>
#include <stdint.h>

static uint64_t mulmod(uint64_t a, uint64_t b, uint64_t m)
{
	return (uint64_t)((unsigned __int128)a * b % m);
}

int main(void)
{
	uint64_t x = 3;
	int i;

	for (i = 0; i < 5; i++)
		x = mulmod(x, x + 1000003, 1000000007);
	printf("%llu\n", (unsigned long long)x);
	return 0;
}
