#include <stdio.h>
#include <string.h>

int main(void)
{
	char words[] = "one two three";

	for (char *w = strtok(words, " "); w; w = strtok(NULL, " "))
		printf("%s\n", w);
	return 0;
}
