#include <err.h>
#include <stdlib.h>
#include <string.h>

static char *copy_name(const char *name)
{
	char *copy = strdup(name);
	if (!copy)
		err(1, "cannot copy %s", "the name");
	return copy;
}

int main(void)
{
	char *name = copy_name("tux");
	free(name);
	return 0;
}
