#include <stdio.h>

int main(void)
{
	char src[] = "copied", dst[sizeof(src)];
	char *p = dst;
	const char *q = src;

	while (*p++ = *q++)
		;
	puts(dst);
	return 0;
}
