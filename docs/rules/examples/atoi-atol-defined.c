#include <stdio.h>
#include <stdlib.h>

int main(void)
{
	printf("%d %d\n", atoi(" -12 degrees"), atoi("none"));
	return 0;
}
