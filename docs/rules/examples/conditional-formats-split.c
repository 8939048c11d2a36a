#include <stdio.h>

int main(void)
{
	int i;

	for (i = 0; i < 3; i++)
		printf(i == 0 ? "first pass %d\n" : "pass %d\n", i);
	return 0;
}
