#include <stdio.h>
#include <stdlib.h>

int main(void)
{
	srand(7);
	for (int i = 0; i < 3; i++)
		printf("%d\n", rand() % 100);
	return 0;
}
