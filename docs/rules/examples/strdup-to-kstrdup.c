#include <stdlib.h>
#include <string.h>

int main(void)
{
	char *greeting = strdup("hello");
	if (!greeting)
		return 1;
	free(greeting);
	return 0;
}
