#include <stdio.h>
#include <string.h>

int main(void)
{
	char path[] = "/usr//local/bin";

	for (char *part = strtok(path, "/"); part; part = strtok(NULL, "/"))
		printf("%s\n", part);
	return 0;
}
