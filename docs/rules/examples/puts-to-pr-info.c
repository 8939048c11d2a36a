#include <stdio.h>

int main(void)
{
	const char *name = "tux";

	puts("hello");
	puts(name);
	return 0;
}
