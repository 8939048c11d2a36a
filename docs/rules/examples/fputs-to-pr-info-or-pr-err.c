#include <stdio.h>

int main(void)
{
	fputs("starting\n", stdout);
	fputs("nothing to do\n", stderr);
	return 0;
}
