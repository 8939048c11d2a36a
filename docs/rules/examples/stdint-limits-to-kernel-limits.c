#include <stdint.h>
#include <stdio.h>

int main(void)
{
	int32_t top = INT32_MAX;
	uint8_t byte = UINT8_MAX;

	printf("%d %u\n", top, byte);
	return 0;
}
