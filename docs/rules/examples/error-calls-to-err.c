#include <errno.h>
#include <error.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	char *p;

	(void)argv;
	error(0, 0, "starting with %d argument(s)", argc);
	p = malloc(16);
	if (!p)
		error(EXIT_FAILURE, errno, "malloc");
	if (argc > 3)
		error(2, 0, "too many arguments");
	printf("ok\n");
	free(p);
	return 0;
}
