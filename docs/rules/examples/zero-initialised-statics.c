// kernelize port --style kernel
#include <stdio.h>

static int calls = 0;
static const char *last = NULL;

static void note(const char *what)
{
	static int seen = 0;

	seen++;
	calls++;
	last = what;
}

int main(void)
{
	note("first");
	note("second");
	printf("%d calls, last %s\n", calls, last);
	return 0;
}
