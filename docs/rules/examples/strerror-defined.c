#include <errno.h>
#include <stdio.h>
#include <string.h>

static int reserve(int n)
{
	return n > 100 ? -ENOMEM : 0;
}

int main(void)
{
	int ret = reserve(500);

	if (ret < 0) {
		fprintf(stderr, "reserve: %s\n", strerror(-ret));
		return 1;
	}
	return 0;
}
