#include <stdio.h>

struct range {
	int lo, hi;
};

static int list_add(const struct range *r)
{
	return r->lo + r->hi;
}

int main(void)
{
	struct range current = { 2, 5 };

	printf("%d\n", list_add(&current));
	return 0;
}
