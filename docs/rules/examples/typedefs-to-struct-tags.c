// kernelize port --style kernel
#include <stdio.h>

typedef struct {
	int x;
	int y;
} point_t;

static int area(const point_t *a, const point_t *b)
{
	return (b->x - a->x) * (b->y - a->y);
}

int main(void)
{
	point_t from = { 1, 2 }, to = { 4, 6 };

	printf("%d (%zu bytes each)\n", area(&from, &to), sizeof(point_t));
	return 0;
}
