#include <stdio.h>
#include <string.h>

static void shout(const char *word)
{
	char copy[strlen(word) + 1];

	strcpy(copy, word);
	copy[0] = 'W';
	printf("%s (%zu bytes)\n", copy, sizeof copy);
}

int main(void)
{
	shout("world");
	return 0;
}
