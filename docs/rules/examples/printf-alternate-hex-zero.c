#include <stdio.h>

int main(void)
{
	for (unsigned int flags = 0; flags < 3; flags++)
		printf("flags %#x\n", flags);
	return 0;
}
