#include <stdio.h>

int printf(const char *format, ...);
void *malloc();
void free(void *p);

int main(void)
{
	char *line = malloc(16);

	if (!line)
		return 1;
	snprintf(line, 16, "%d", 42);
	printf("%s\n", line);
	free(line);
	return 0;
}
