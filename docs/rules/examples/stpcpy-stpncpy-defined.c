#include <stdio.h>
#include <string.h>

int main(void)
{
	char path[32];
	char tag[8];
	char *end = path;

	end = stpcpy(end, "/usr");
	end = stpcpy(end, "/lib");
	stpncpy(tag, "module", sizeof(tag));
	printf("%s (%d) %s\n", path, (int)(end - path), tag);
	return 0;
}
