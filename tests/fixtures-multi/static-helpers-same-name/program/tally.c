/* Readings tallied: a file named like the module, with a helper named like one in stats.c. */
#include <stdio.h>
#include <stdlib.h>
#include "stats.h"

/* The index of a reading, counted from one: not stats.c's pick(). */
static int pick(int a, int b)
{
	return a * 10 + b + 1;
}

int main(void)
{
	static const int readings[] = { 12, 7, 31, 18, 25 };
	int n = sizeof(readings) / sizeof(readings[0]);
	int *copy = copy_readings(readings, n);
	if (!copy) {
		fprintf(stderr, "no memory for %d readings\n", n);
		return 1;
	}
	printf("range %d\n", readings_range(copy, n));
	printf("label %d\n", pick(0, 4));
	free(copy);
	return 0;
}
