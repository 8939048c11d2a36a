#include <stdlib.h>

int main(void)
{
	char *buffer = malloc(128);
	if (!buffer)
		return 1;
	free(buffer);
	return 0;
}
