#include <stdio.h>

int main(void)
{
	char label[32];

	sprintf(label, "item-%d", 7);
	printf("%s\n", label);
	return 0;
}
