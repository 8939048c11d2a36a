// kernelize port --style kernel
/* Counts down from three. The comment runs on
   over two lines, as many programs write them. */
#include <stdio.h>

int main(void)
{
	/* one line is fine as it is */
	for (int i = 3; i > 0; i--)
		printf("%d\n", i);
	return 0;
}
