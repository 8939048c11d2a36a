#include <stdio.h>

int main(void)
{
	int answer = 42;

	printf("the answer is %d\n", answer);
	printf("counting:");
	for (int i = 1; i <= 3; i++)
		printf(" %d", i);
	printf("\n");
	return 0;
}
