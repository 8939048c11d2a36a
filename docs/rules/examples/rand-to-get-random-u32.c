#include <stdio.h>
#include <stdlib.h>
#include <time.h>

int main(void)
{
	srand(time(NULL));
	printf("die shows %d\n", rand() % 6 + 1);
	return 0;
}
