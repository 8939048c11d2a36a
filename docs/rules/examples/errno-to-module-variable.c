#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void)
{
	long n;

	errno = 0;
	n = strtol("99999999999999999999", NULL, 10);
	printf("%ld: %s\n", n, strerror(errno));
	return 0;
}
