#include <stdio.h>
#include <stdlib.h>

#define CHECK(cond)                                                    \
	do {                                                           \
		if (!(cond)) {                                         \
			fprintf(stderr, "check failed: %s\n", #cond); \
			exit(EXIT_FAILURE);                            \
		}                                                      \
	} while (0)

int main(int argc, char **argv)
{
	(void)argv;
	CHECK(argc < 4);
	printf("%d arguments\n", argc - 1);
	return 0;
}
