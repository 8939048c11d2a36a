#include <stdio.h>

int main(void)
{
	const char *lines[] = { "42", "", "x" };

	for (int i = 0; i < 3; i++) {
		int v = 0;
		int n = sscanf(lines[i], "%d", &v);

		if (n == EOF)
			printf("line %d: empty\n", i);
		else
			printf("line %d: %d value(s), %d\n", i, n, v);
	}
	return 0;
}
