// kernelize port --style kernel
#include <stdio.h>

static const int primes[] = { 2, 3, 5, 7, 11 };

#define PRIME_COUNT (sizeof(primes) / sizeof(primes[0]))

int main(void)
{
	for (unsigned int i = 0; i < sizeof primes / sizeof *primes; i++)
		printf("%d\n", primes[i]);
	printf("%zu primes\n", PRIME_COUNT);
	return 0;
}
