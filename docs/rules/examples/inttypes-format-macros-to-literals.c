#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>

int main(void)
{
	int64_t big = 1234567890123;

	printf("big is %" PRId64 "\n", big);
	return 0;
}
