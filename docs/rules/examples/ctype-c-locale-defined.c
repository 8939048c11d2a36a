#include <ctype.h>
#include <stdio.h>

int main(void)
{
	int spaces = 0;

	for (int c = 0; c < 256; c++)
		spaces += isspace(c) != 0;
	printf("%d\n", spaces);
	return 0;
}
