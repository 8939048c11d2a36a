// kernelize port --style kernel
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>

int main(void)
{
	uint32_t flags = 0x5;
	int64_t balance = -42;

	printf("%" PRIu32 " %" PRId64 "\n", flags, balance);
	return 0;
}
