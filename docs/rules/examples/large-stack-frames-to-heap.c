#include <stdio.h>

static void histogram(const char *text)
{
	unsigned long counts[1024];
	int i;

	for (i = 0; i < 1024; i++)
		counts[i] = 0;
	for (; *text; text++)
		counts[(unsigned char)*text]++;
	printf("%lu spaces\n", counts[' ']);
}

int main(void)
{
	histogram("a frame of 8 KiB, four times what the kernel's build allows");
	return 0;
}
