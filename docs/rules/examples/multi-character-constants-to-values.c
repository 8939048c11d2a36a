#include <stdio.h>

#define TAG 'RIFF'

int main(void)
{
	printf("%#x\n", TAG);
	return 0;
}
