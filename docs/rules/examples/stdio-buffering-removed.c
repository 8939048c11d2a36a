#include <stdio.h>

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	printf("working... ");
	printf("done\n");
	return 0;
}
