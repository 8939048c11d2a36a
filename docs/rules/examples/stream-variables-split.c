#include <stdio.h>

static void row(FILE *out, const char *name, int qty)
{
	fprintf(out, "%-8s %4d\n", name, qty);
}

int main(void)
{
	row(stdout, "bolts", 120);
	row(stderr, "nuts", -2);
	return 0;
}
