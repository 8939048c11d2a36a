// kernelize port --style kernel
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	char *name = malloc(16);

	if (!name)
		return 1;
	if (argc > 1)
		printf("%d arguments\n", argc - 1);
	else if (argv[0][0] == '.') {
		printf("run from here\n");
		printf("no arguments\n");
	} else
		printf("no arguments\n");
	free(name);
	return 0;
}
