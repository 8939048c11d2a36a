#include <stdio.h>

int main(int argc, char *argv[])
{
	printf("argv[argc] = %p\n", (void *)argv[argc]);
	return 0;
}
