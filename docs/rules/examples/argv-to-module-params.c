#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int count = 1;
	int opt;

	while ((opt = getopt(argc, argv, "n:")) != -1) {
		switch (opt) {
		case 'n':
			count = atoi(optarg);
			break;
		default:
			return 1;
		}
	}
	printf("count is %d\n", count);
	return 0;
}
