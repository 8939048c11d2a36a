/* atoi() and rand() here, which the port defines for the module: main.c calls them too. */
#include <linux/module.h>
#include <linux/limits.h>
#include <linux/ctype.h>
#include "util.h"

int verbose = 1;

/* A digit's value in bases up to 36 (the C locale's letters), or 36 for any other character. */
static int strto_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 10;
	return 36;
}

/* The number strto*() reads: its magnitude, its sign, whether it overflowed, and where it ends. */
static unsigned long long strto_magnitude(const char *s, char **end, int base,
					  bool *negative, bool *overflow)
{
	const char *p = s;
	unsigned long long value = 0;
	bool digits = false;

	*negative = false;
	*overflow = false;
	if (base < 0 || base == 1 || base > 36) {
		if (end)
			*end = (char *)s;
		return 0;
	}
	while (*p == ' ' || (*p >= '\t' && *p <= '\r'))
		p++;
	if (*p == '-' || *p == '+')
		*negative = *p++ == '-';
	if ((base == 0 || base == 16) && p[0] == '0' && (p[1] == 'x' || p[1] == 'X') &&
	    strto_digit(p[2]) < 16) {
		p += 2;
		base = 16;
	} else if (base == 0) {
		base = *p == '0' ? 8 : 10;
	}
	for (; strto_digit(*p) < base; p++) {
		int d = strto_digit(*p);

		digits = true;
		if (value > (ULLONG_MAX - d) / base)
			*overflow = true;
		else
			value = value * base + d;
	}
	if (end)
		*end = (char *)(digits ? p : s);
	return value;
}

static long strtol(const char *s, char **end, int base)
{
	bool negative, overflow;
	unsigned long long magnitude = strto_magnitude(s, end, base, &negative, &overflow);

	if (overflow || magnitude > (negative ? (unsigned long long)LONG_MAX + 1 : LONG_MAX))
		return negative ? LONG_MIN : LONG_MAX;
	return negative ? (long)(0 - magnitude) : (long)magnitude;
}

/* atoi() as the C library has it: strtol() in base 10, with no end pointer. */
static int atoi(const char *s)
{
	return (int)strtol(s, NULL, 10);
}

int parse_total(const char *a, const char *b)
{
	if (verbose)
		pr_info("parsing %s and %s\n", a, b);
	return atoi(a) + atoi(b);
}

/*
 * The C library's random numbers, computed as glibc computes them, so that the module draws
 * the numbers the program drew: 31 words of state; each number is the sum of two words three
 * apart, written back over the first and halved, so it lies between 0 and RAND_MAX.
 */
extern u32 rand_state[31];
u32 rand_state[31];
extern unsigned int rand_front;
unsigned int rand_front = 3;
extern unsigned int rand_back;
unsigned int rand_back;
extern bool rand_seeded;
bool rand_seeded;

static u32 rand_next(void)
{
	u32 sum = rand_state[rand_front] + rand_state[rand_back];

	rand_state[rand_front] = sum;
	rand_front = (rand_front + 1) % 31;
	rand_back = (rand_back + 1) % 31;
	return sum >> 1;
}

/* Fills the state from the seed (each word 16807 times the last, modulo 2^31 - 1), then stirs it. */
static void rand_seed(unsigned int seed)
{
	s64 word;
	int i;

	if (seed == 0)
		seed = 1;
	word = (s32)seed;
	rand_state[0] = seed;
	for (i = 1; i < 31; i++) {
		word = word * 16807 % 2147483647;
		if (word < 0)
			word += 2147483647;
		rand_state[i] = word;
	}
	rand_front = 3;
	rand_back = 0;
	rand_seeded = true;
	for (i = 0; i < 310; i++)
		rand_next();
}

static int rand(void)
{
	if (!rand_seeded)
		rand_seed(1);
	return rand_next();
}

int roll(void)
{
	return rand() % 6 + 1;
}
