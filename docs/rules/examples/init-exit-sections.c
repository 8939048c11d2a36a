// kernelize port --style kernel
#include <stdio.h>

int main(void)
{
	printf("loaded\n");
	return 0;
}
