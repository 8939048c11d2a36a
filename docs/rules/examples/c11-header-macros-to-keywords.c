#include <stdalign.h>
#include <stdio.h>

struct pair {
	alignas(8) char tag;
	int value;
};

int main(void)
{
	printf("%zu\n", alignof(struct pair));
	return 0;
}
