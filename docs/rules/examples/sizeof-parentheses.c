// kernelize port --style kernel
#include <stdio.h>
#include <stdlib.h>

struct point {
	int x, y;
};

int main(void)
{
	struct point *p = malloc(sizeof *p);

	if (!p)
		return 1;
	p->x = 3;
	p->y = 4;
	printf("%d %zu\n", p->x + p->y, sizeof p->x);
	free(p);
	return 0;
}
