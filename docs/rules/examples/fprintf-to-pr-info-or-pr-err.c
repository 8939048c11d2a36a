#include <stdio.h>

int main(void)
{
	int errors = 0;

	fprintf(stdout, "checking %d items\n", 3);
	if (errors)
		fprintf(stderr, "%d errors\n", errors);
	return 0;
}
