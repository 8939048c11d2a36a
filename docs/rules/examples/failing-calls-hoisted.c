/* A checksum over a 4 KiB copy of the text, printed as it is computed: the copy moves to the heap, so the call can fail, and is made before printf() logs its value. */
#include <stdio.h>
#include <string.h>

static int checksum(const char *text)
{
	char copy[4096];
	int total = 0;
	size_t i;

	strncpy(copy, text, sizeof(copy) - 1);
	copy[sizeof(copy) - 1] = '\0';
	for (i = 0; copy[i]; i++)
		total += copy[i];
	return total;
}

int main(void)
{
	printf("checksum %d\n", checksum("kernel"));
	return 0;
}
