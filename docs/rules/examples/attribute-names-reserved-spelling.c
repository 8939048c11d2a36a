#include <stdio.h>

static __attribute__((noinline)) int step(int x)
{
	switch (x & 3) {
	case 0:
		x += 2;
		__attribute__((fallthrough));
	case 1:
		x++;
		break;
	default:
		x--;
	}
	return x;
}

int main(void)
{
	printf("%d %d\n", step(4), step(6));
	return 0;
}
