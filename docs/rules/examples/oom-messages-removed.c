// kernelize port --style kernel
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *copy(const char *text)
{
	char *c = strdup(text);

	if (c == NULL) {
		fprintf(stderr, "copy: out of memory\n");
		return NULL;
	}
	return c;
}

int main(void)
{
	char *c = copy("payload");

	if (!c)
		return 1;
	printf("%s\n", c);
	free(c);
	return 0;
}
