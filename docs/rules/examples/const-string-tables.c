// kernelize port --style kernel
#include <stdio.h>

static const char *colours[] = { "red", "green", "blue" };

int main(void)
{
	for (int i = 0; i < 3; i++)
		printf("%s\n", colours[i]);
	return 0;
}
