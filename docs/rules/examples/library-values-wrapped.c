#include <stdio.h>

static void each(const char *const *lines, int n, int (*emit)(const char *))
{
	int i;

	for (i = 0; i < n; i++)
		emit(lines[i]);
}

int main(void)
{
	const char *lines[] = { "one", "two" };

	each(lines, 2, puts);
	return 0;
}
