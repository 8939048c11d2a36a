/* String helpers that give up on the whole program when memory runs out. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "strutil.h"

char *dup_upper(const char *s)
{
	size_t n = strlen(s);
	char *copy = malloc(n + 1);
	if (!copy) {
		fprintf(stderr, "out of memory copying '%s'\n", s);
		exit(1);
	}
	for (size_t i = 0; i < n; i++)
		copy[i] = toupper((unsigned char)s[i]);
	copy[n] = '\0';
	return copy;
}
