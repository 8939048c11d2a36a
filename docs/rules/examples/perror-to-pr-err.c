#include <stdio.h>
#include <stdlib.h>

int main(void)
{
	char *block = malloc(4096);
	if (!block) {
		perror("malloc");
		return 1;
	}
	free(block);
	return 0;
}
