#include <stdio.h>

int main(void)
{
	printf("%s:%d: starting\n", __func__, __LINE__);
	return 0;
}
