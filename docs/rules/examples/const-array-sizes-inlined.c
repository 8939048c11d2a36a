#include <stdio.h>
#include <stddef.h>

int main(void)
{
	const size_t count = 8;
	int squares[count];

	for (size_t i = 0; i < count; i++)
		squares[i] = i * i;
	printf("%d\n", squares[count - 1]);
	return 0;
}
