#include <stdio.h>

int main(void)
{
	int level = 2;

	switch (level) {
	case 2:
		printf("two\n");
		/* fall through */
	case 1:
		printf("one\n");
		break;
	default:
		printf("none\n");
	}
	return 0;
}
