#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	char *line;
	int n = asprintf(&line, "%s has %d args, %#x", argv[0], argc - 1, 0);

	if (n < 0)
		return 1;
	printf("%d: %s\n", n, line);
	free(line);
	return 0;
}
