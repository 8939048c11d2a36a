#include <stdio.h>
#include <stdlib.h>

static int steps;

static void report(void)
{
	printf("%d steps\n", steps);
}

int main(void)
{
	if (atexit(report) != 0)
		return 1;
	for (steps = 0; steps < 3; steps++)
		printf("step %d ", steps);
	return 0;
}
