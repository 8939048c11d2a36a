/* A point on a grid; no include guard, as each file includes it once. */
struct point {
	int x;
	int y;
};

static inline int manhattan(struct point a, struct point b)
{
	int dx = a.x > b.x ? a.x - b.x : b.x - a.x;
	int dy = a.y > b.y ? a.y - b.y : b.y - a.y;
	return dx + dy;
}

struct point *make_path(int n);
