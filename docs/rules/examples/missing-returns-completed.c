#include <stdio.h>

static int pick(int k)
{
    if (k > 0)
        return k * 2;
}

int main(void)
{
    printf("%d\n", pick(21));
    return 0;
}
