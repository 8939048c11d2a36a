// kernelize port --kernel 6.12
#include <stdio.h>

int counter;

int next(void);

int next(void)
{
	return ++counter;
}

int main(void)
{
	next();
	printf("%d\n", next());
	return 0;
}
