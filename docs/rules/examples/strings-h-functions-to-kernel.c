#include <stdio.h>
#include <strings.h>

int main(void)
{
	char name[8];

	bzero(name, sizeof(name));
	name[0] = 'k';
	printf("%s %d\n", index(name, 'k'), ffs(0x50));
	return 0;
}
