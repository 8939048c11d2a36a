#include <stdio.h>
#include <string.h>

int main(void)
{
	const char *greeting = "hello, world\n";
	size_t written;

	fwrite(greeting, 1, strlen(greeting), stdout);
	written = fwrite("done\n", 1, 5, stdout);
	return written == 5 ? 0 : 1;
}
