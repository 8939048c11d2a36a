#include <locale.h>
#include <stdio.h>
#include <string.h>

int main(void)
{
	if (!setlocale(LC_COLLATE, "sv_SE.UTF-8"))
		printf("no Swedish collation: the C locale's\n");
	printf("%s\n", strcoll("apple", "Apple") > 0 ? "Apple first" : "apple first");
	return 0;
}
