/* atoi() and rand() here, which the port defines for the module: main.c calls them too. */
#include <stdio.h>
#include <stdlib.h>
#include <ctype.h>
#include "util.h"

int verbose = 1;

int parse_total(const char *a, const char *b)
{
	if (verbose)
		printf("parsing %s and %s\n", a, b);
	return atoi(a) + atoi(b);
}

int roll(void)
{
	return rand() % 6 + 1;
}
