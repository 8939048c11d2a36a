/* A path of points along a diagonal staircase. */
#include <stdlib.h>
#include "point.h"

struct point *make_path(int n)
{
	struct point *path = calloc(n, sizeof(*path));
	if (!path)
		return NULL;
	for (int i = 0; i < n; i++) {
		path[i].x = i;
		path[i].y = i / 2;
	}
	return path;
}
