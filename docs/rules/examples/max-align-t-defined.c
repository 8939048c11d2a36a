#include <stddef.h>
#include <stdio.h>

static unsigned char pool[256];
static size_t used;

static void *take(size_t n)
{
	size_t align = _Alignof(max_align_t);
	size_t at = (used + align - 1) / align * align;

	if (at + n > sizeof(pool))
		return NULL;
	used = at + n;
	return pool + at;
}

int main(void)
{
	char *a = take(3);
	long *b = take(sizeof(long));

	printf("%zu %zu %td %td\n", sizeof(max_align_t), _Alignof(max_align_t), (unsigned char *)a - pool, (unsigned char *)b - pool);
	return 0;
}
