#include <stdio.h>

static int count[256];

int main(void)
{
	const char *text = "hello";
	int i;

	for (i = 0; text[i]; i++)
		count[text[i]]++;
	printf("%d\n", count['l']);
	return 0;
}
