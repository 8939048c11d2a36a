// kernelize port --style kernel
#include <stdio.h>

int main(void)
{
	int total = 0;
	for (int i = 1; i <= 10; i++) {
		int square = i * i;
		total += square;
	}
	printf("%d\n", total);
	return 0;
}
