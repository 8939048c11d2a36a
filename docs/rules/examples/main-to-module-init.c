#include <err.h>
#include <stdlib.h>

int main(void)
{
	char *buf = malloc(64);
	if (!buf)
		err(1, "out of memory");
	free(buf);
	return 0;
}
