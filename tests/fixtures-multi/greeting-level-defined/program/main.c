/* Greets the module. */
#include <stdio.h>
#include "greet.h"

int main(void)
{
	if (greet("module") != 0) {
		fprintf(stderr, "no greeting\n");
		return 1;
	}
	return 0;
}
