#include <stdio.h>

int main(void)
{
	char list[64];
	int pos = 0;

	for (int i = 0; i < 3; i++)
		pos += snprintf(list + pos, sizeof(list) - pos, "%d ", i);
	printf("%s\n", list);
	return 0;
}
