#include <stdio.h>

#define FOR(i, a, b) for (int i = (a); i < (b); i++)
#define rep(i, n) FOR(i, 0, n)

static int table[8][8];

int main(void)
{
	long sum = 0;

	rep(i, 8) rep(j, 8)
		table[i][j] = i * j;
	FOR(i, 2, 8)
		sum += table[i][i - 1];
	printf("%ld\n", sum);
	return 0;
}
