#include <stdio.h>
#include <string.h>

int main(void)
{
	const char *word = "kernel";
	long total = 0;
	int i;

	for (i = 0; i < 3; i++)
		total += strlen(word);
	printf("%d letters, %d bytes, total %d\n", strlen(word), sizeof(total), total);
	return 0;
}
