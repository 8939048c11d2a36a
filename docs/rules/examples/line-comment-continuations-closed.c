#include <stdio.h>

// ASCII art: /\_/\
//            \ /
//            ( o.o )

int main(void)
{
	puts("meow");
	return 0;
}
