#include <stdio.h>

int main(void)
{
	int day, month, year;

	if (sscanf("2024-05-17", "%d-%d-%d", &year, &month, &day) == 3)
		printf("%d/%d/%d\n", day, month, year);
	return 0;
}
