#include <stdio.h>

int main(void)
{
	auto int total = 0;

	for (auto int i = 1; i <= 10; i++)
		total += i;
	printf("%d\n", total);
	return 0;
}
