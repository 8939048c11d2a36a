// kernelize port --style kernel
#include <stdio.h>

#define WIDTH 80
#define HALF_WIDTH (int)WIDTH / 2

int main(void)
{
	printf("%d\n", HALF_WIDTH);
	return 0;
}
