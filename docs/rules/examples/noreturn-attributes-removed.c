#include <stdio.h>
#include <stdlib.h>

static void die(const char *msg) __attribute__((noreturn));

static void die(const char *msg)
{
	fprintf(stderr, "die: %s\n", msg);
	exit(2);
}

int main(void)
{
	int *p = malloc(sizeof(*p));

	if (!p)
		die("out of memory");
	*p = 42;
	printf("%d\n", *p);
	free(p);
	return 0;
}
