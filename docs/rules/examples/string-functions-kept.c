#include <stdio.h>
#include <string.h>

int main(void)
{
	char line[32];

	memset(line, 0, sizeof(line));
	memcpy(line, "tux", 3);
	printf("%zu %d\n", strlen(line), strcmp(line, "tux"));
	return 0;
}
