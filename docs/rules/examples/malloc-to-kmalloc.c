#include <stdlib.h>
#include <string.h>

int main(void)
{
	int *squares = malloc(10 * sizeof(*squares));
	if (!squares)
		return 1;
	for (int i = 0; i < 10; i++)
		squares[i] = i * i;
	free(squares);
	return 0;
}
