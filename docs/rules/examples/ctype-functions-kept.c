#include <ctype.h>
#include <stdio.h>

int main(void)
{
	const char *word = "Tux";
	int upper = 0;

	for (const char *c = word; *c; c++)
		if (isupper((unsigned char)*c))
			upper++;
	printf("%d %c\n", upper, toupper('x'));
	return 0;
}
