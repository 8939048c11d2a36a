#include <stdio.h>

/* One count per thread: this program has one thread. */
static __thread int lines_printed;

static void say(const char *what)
{
	printf("%s\n", what);
	lines_printed++;
}

int main(void)
{
	say("hello");
	say("world");
	printf("%d lines\n", lines_printed);
	return 0;
}
