#include <stdio.h>

static int weighted(int n)
{
	int dist[n], seen[n];
	int i, sum = 0;

	for (i = 0; i < n; i++) {
		dist[i] = i * 2;
		seen[i] = i % 2;
	}
	for (i = 0; i < n; i++)
		sum += seen[i] ? dist[i] : 0;
	return sum;
}

int main(void)
{
	printf("%d\n", weighted(10));
	return 0;
}
