#include <stdio.h>

static int calls;

/* Counts the calls of work(); the count is reported when the program ends. */
__attribute__((destructor)) static void report(void)
{
	printf("work() ran %d times\n", calls);
}

static void work(void)
{
	calls++;
}

int main(void)
{
	work();
	work();
	printf("main() is done\n");
	return 0;
}

__attribute__((constructor)) static void hello(void)
{
	printf("starting\n");
}
