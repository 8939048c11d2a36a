/* srand() only here, rand() only in util.c: the generator's state is one for both files. */
#include <stdio.h>
#include <stdlib.h>
#include <ctype.h>
#include "util.h"

int main(void)
{
	srand(7);
	int t = parse_total("12", "30");
	printf("%d %c\n", t + atoi("3"), toupper('x'));
	printf("rolled %d\n", roll() > 0);
	return 0;
}
