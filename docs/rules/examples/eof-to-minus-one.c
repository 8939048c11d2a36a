#include <stdio.h>

int main(void)
{
	int rc = puts("Hello");

	if (rc == EOF)
		perror("puts");
	return 0;
}
