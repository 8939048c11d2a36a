#include <stdio.h>

int main(void)
{
	unsigned long collatz_steps = 0;

	for (unsigned long n = 1; n < 300000; n++) {
		unsigned long x = n;

		while (x != 1) {
			x = x % 2 ? 3 * x + 1 : x / 2;
			collatz_steps++;
		}
	}
	printf("%lu steps\n", collatz_steps);
	return 0;
}
