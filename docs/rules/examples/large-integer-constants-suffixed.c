#include <stdio.h>

int main(void)
{
	unsigned long long all_ones = 18446744073709551615;
	long long least = -9223372036854775808;

	printf("%llu %lld\n", all_ones, least);
	return 0;
}
