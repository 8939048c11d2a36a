#include <stdio.h>
#include <unistd.h>

int main(void)
{
	printf("waiting\n");
	usleep(20000);
	sleep(1);
	printf("done\n");
	return 0;
}
