#include <stdio.h>
#include <stdlib.h>

int main(void)
{
	div_t hm = div(135, 60);

	printf("%d h %d min\n", hm.quot, hm.rem);
	return 0;
}
