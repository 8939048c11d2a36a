#include <stdlib.h>

struct point {
	int x, y;
};

int main(void)
{
	struct point *points = calloc(16, sizeof(*points));
	struct point *origin = calloc(1, sizeof(*origin));
	if (!points || !origin) {
		free(points);
		free(origin);
		return 1;
	}
	free(origin);
	free(points);
	return 0;
}
