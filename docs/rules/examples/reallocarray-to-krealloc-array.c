#include <stdlib.h>

int main(void)
{
	long *samples = malloc(4 * sizeof(*samples));
	if (!samples)
		return 1;
	long *grown = reallocarray(samples, 32, sizeof(*samples));
	if (!grown) {
		free(samples);
		return 1;
	}
	samples = grown;
	free(samples);
	return 0;
}
