/* A path of points along a diagonal staircase. */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/sched.h>
#include "point.h"

struct point *make_path(int n)
{
	struct point *path = kvcalloc(n, sizeof(*path), GFP_KERNEL | __GFP_RETRY_MAYFAIL | __GFP_NOWARN);
	if (!path)
		return NULL;
	for (int i = 0; i < n; i++) {
		cond_resched();
		path[i].x = i;
		path[i].y = i / 2;
	}
	return path;
}
