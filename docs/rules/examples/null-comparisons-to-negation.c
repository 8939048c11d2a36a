// kernelize port --style kernel
#include <stdio.h>
#include <string.h>

int main(void)
{
	const char *text = "key=value";
	const char *eq = strchr(text, '=');
	int found = eq != NULL;

	if (eq == NULL)
		return 1;
	if (found && eq != NULL)
		printf("value: %s\n", eq + 1);
	return 0;
}
