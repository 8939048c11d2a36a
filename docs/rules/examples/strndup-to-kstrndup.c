#include <stdlib.h>
#include <string.h>

int main(void)
{
	char *prefix = strndup("kernelize", 6);
	if (!prefix)
		return 1;
	free(prefix);
	return 0;
}
