/* A 512-byte line buffer and a table of counts, both too big for a kernel stack: moved to the heap and freed on every return. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static bool histogram(const char *text)
{
	int counts[128] = { 0 };
	char line[512];

	if (strlen(text) >= sizeof(line))
		return false;
	for (const char *p = text; *p; p++)
		counts[(unsigned char)*p & 127]++;
	snprintf(line, sizeof(line), "e=%d l=%d o=%d", counts['e'], counts['l'], counts['o']);
	printf("%s\n", line);
	return counts['l'] > 1;
}

int main(void)
{
	if (!histogram("hello world"))
		return 1;
	printf("done\n");
	return 0;
}
