#include <stdarg.h>
#include <stdio.h>

static void complain(const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	vfprintf(stderr, fmt, args);
	va_end(args);
}

int main(void)
{
	complain("%d of %d missing\n", 1, 3);
	return 0;
}
