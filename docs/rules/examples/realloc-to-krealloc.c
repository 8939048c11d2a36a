#include <stdlib.h>

int main(void)
{
	int *values = malloc(4 * sizeof(*values));
	if (!values)
		return 1;
	int *more = realloc(values, 8 * sizeof(*values));
	if (!more) {
		free(values);
		return 1;
	}
	values = more;
	free(values);
	return 0;
}
