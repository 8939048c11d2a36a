#include <ctype.h>
#include <stdio.h>
#include <string.h>

int main(void)
{
	const char line[] = "name: value";
	char key[sizeof(line)];
	int blanks = 0;

	for (int i = 0; line[i]; i++)
		blanks += isblank(line[i]) != 0;
	if (memccpy(key, line, 58, sizeof(key)))
		printf("%d blank(s)\n", blanks);
	return 0;
}
