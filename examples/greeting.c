/*
 * greeting.c: a small program inside kernelize's portable subset.
 *
 * It keeps a greeting and a name on the heap, prints the greeting, then
 * swaps the name. Try:   npx kernelize port examples/greeting.c -o out --diff
 */
#include <err.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct greeting {
	char *salutation;
	char *name;
};

static struct greeting *greeting_new(const char *salutation, const char *name)
{
	struct greeting *g = malloc(sizeof(*g));
	if (!g)
		return NULL;
	g->salutation = strdup(salutation);
	if (!g->salutation)
		goto free_greeting;
	g->name = strdup(name);
	if (!g->name)
		goto free_salutation;
	return g;

free_salutation:
	free(g->salutation);
free_greeting:
	free(g);
	return NULL;
}

static void greeting_free(struct greeting *g)
{
	free(g->name);
	free(g->salutation);
	free(g);
}

static bool greeting_rename(struct greeting *g, const char *name)
{
	char *copy = strdup(name);
	if (!copy)
		return false;
	free(g->name);
	g->name = copy;
	return true;
}

static void greeting_print(const struct greeting *g)
{
	printf("%s, %s! (%zu letters)\n", g->salutation, g->name, strlen(g->name));
}

int main(void)
{
	struct greeting *g = greeting_new("Hello", "reader");
	if (!g)
		err(1, "cannot allocate the greeting");
	greeting_print(g);

	char *signature = strdup("-- kernelize");
	if (!signature)
		err(1, "cannot allocate the signature");

	if (!greeting_rename(g, "kernel")) {
		free(signature);
		err(1, "cannot rename");
	}
	greeting_print(g);
	printf("%s\n", signature);

	free(signature);
	greeting_free(g);
	return 0;
}
