#include <assert.h>
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
	int *v = malloc(8 * sizeof(*v));

	if (!v)
		return 1;
	for (int i = 0; i < 8; i++)
		v[i] = i * i;
	assert(v[7] == 49);
	printf("%d\n", v[7]);
	free(v);
	return 0;
}
