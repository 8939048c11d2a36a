/* What both files share: a flag defined in util.c, and the helpers main.c calls. */
#ifndef UTIL_H
#define UTIL_H
extern int verbose;
int parse_total(const char *a, const char *b);
int roll(void);
#endif
