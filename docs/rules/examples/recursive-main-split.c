#include <stdio.h>

int main(int argc, char **argv)
{
	if (argc <= 1)
		return 0;
	printf("%s\n", argv[argc - 1]);
	return main(argc - 1, argv);
}
