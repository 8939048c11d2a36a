#include <assert.h>
#include <stdio.h>

static int average(int total, int count)
{
	assert(count > 0);
	return total / count;
}

int main(void)
{
	printf("%d\n", average(10, 2));
	return 0;
}
