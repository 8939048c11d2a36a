#include <stdio.h>
#include <time.h>

int main(void)
{
	time_t now = time(NULL);

	printf("seconds since 1970: %ld\n", now);
	return 0;
}
