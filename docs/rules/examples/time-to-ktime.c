#include <stdio.h>
#include <time.h>

int main(void)
{
	struct timespec start;

	clock_gettime(CLOCK_MONOTONIC, &start);
	printf("started at %lld s\n", (long long)start.tv_sec);
	printf("now is %lld\n", (long long)time(NULL));
	return 0;
}
