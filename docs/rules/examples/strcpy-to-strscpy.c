#include <stdio.h>
#include <string.h>

int main(void)
{
	char name[16];

	strcpy(name, "tux");
	strcat(name, "-1");
	printf("%s\n", name);
	return 0;
}
