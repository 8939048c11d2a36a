#include <stdio.h>

static *first_even(int *v, int n);

square(x)
{
	return x * x;
}

static *first_even(int *v, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (v[i] % 2 == 0)
			return &v[i];
	return NULL;
}

main()
{
	int v[] = { 3, 7, 8, 5 };
	int *e = first_even(v, 4);

	printf("%d\n", e ? square(*e) : -1);
	return 0;
}
