#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int opt;
	long n = 1;

	while ((opt = getopt(argc, argv, "n:")) != -1) {
		switch (opt) {
		case 'n':
			n = atol(optarg);
			if (n < 1) {
				fprintf(stderr, "bad count '%s'\n", optarg);
				return 1;
			}
			break;
		default:
			return 2;
		}
	}
	printf("n = %ld, %d operands\n", n, argc - optind);
	return 0;
}
