#include <stdio.h>
#include <stdlib.h>

static char *buffer;

static void release(void)
{
	free(buffer);
	printf("released\n");
}

int main(void)
{
	buffer = malloc(64);
	if (!buffer)
		exit(1);
	atexit(release);
	printf("working\n");
	return 0;
}
