#include <err.h>

int main(void)
{
	int level = 11;

	if (level > 10)
		warnx("level %d is above 10", level);
	return 0;
}
