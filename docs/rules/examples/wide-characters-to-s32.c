#include <stdio.h>
#include <stddef.h>

int main(void)
{
	wchar_t cat = L'猫';

	printf("%#x\n", (unsigned int)cat);
	return 0;
}
