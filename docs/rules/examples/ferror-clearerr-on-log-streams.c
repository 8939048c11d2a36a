#include <stdio.h>

int main(void)
{
	printf("report\n");
	if (ferror(stdout))
		return 1;
	clearerr(stderr);
	return 0;
}
