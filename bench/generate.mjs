// Generates the large benchmark program: one deterministic C file of >= 50,000 lines inside the subset kernelize ports.
import { writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

export const DEFAULT_MIN_LINES = 50_000;

const HEADER = `/*
 * big.c: a generated program for the kernelize benchmark.
 *
 * Every helper shares the big_ prefix, so the module's names come from it.
 * The program stays inside what kernelize ports: malloc/strdup/free, the
 * <string.h> functions the kernel also has, printf, and err() only under a
 * failure check at the top level of main().
 */
#include <err.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A named record; every unit below creates, edits and frees some. */
struct big_entry
{
	char *name;
	size_t size;
	int id;
};

/* A pair of records, to give the helpers some pointer structure to walk. */
struct big_pair
{
	struct big_entry *left;
	struct big_entry *right;
	unsigned long weight;
};
`;

/**
 * One unit: a struct of its own and eight helpers. Each unit's run function calls the one before
 * it, so gcc sees every helper used and the call graph spans the whole file, as in real programs.
 */
function unit(i) {
  const previous = i === 0 ? "true" : `big_run_${i - 1}()`;
  return `
/*
 * Unit ${i}: create a record, join names, rename, check, print, total and free.
 * The helpers below follow the allocation patterns of the seed program.
 */
struct big_stats_${i}
{
	size_t count;
	size_t bytes;
	bool checked;
};

static struct big_entry *big_entry_create_${i}(const char *name)
{
	struct big_entry *e = malloc(sizeof *e);
	if (!e)
		return NULL;
	e->size = strlen(name);
	e->name = strdup(name);
	if (!e->name) {
		free(e);
		return NULL;
	}
	e->id = ${i};
	return e;
}

static void big_entry_destroy_${i}(struct big_entry *e)
{
	if (!e)
		return;
	free(e->name);
	free(e);
}

static bool big_entry_rename_${i}(struct big_entry *e, const char *name)
{
	char *copy = strdup(name);
	if (!copy)
		return false;
	free(e->name);
	e->name = copy;
	e->size = strlen(copy);
	return true;
}

static char *big_join_${i}(const char *a, const char *b)
{
	size_t la = strlen(a);
	size_t lb = strlen(b);
	char *out = malloc(la + lb + 2);
	if (!out)
		return NULL;
	memcpy(out, a, la);
	out[la] = '-';
	memcpy(out + la + 1, b, lb);
	out[la + lb + 1] = '\\0';
	return out;
}

static size_t big_total_${i}(struct big_entry *const *items, size_t count, struct big_stats_${i} *stats)
{
	size_t total = 0;
	for (size_t k = 0; k < count; k++) {
		// Empty slots count as zero rather than ending the walk.
		if (items[k])
			total += items[k]->size;
	}
	stats->count = count;
	stats->bytes = total;
	return total;
}

static void big_print_${i}(const struct big_entry *e)
{
	printf("entry %d: %s (%zu bytes)\\n", e->id, e->name, e->size);
}

static int big_check_${i}(const struct big_entry *e)
{
	if (!e)
		return -1;
	if (e->size != strlen(e->name))
		return -2;
	switch (e->id % 3) {
	case 0:
		return 0;
	case 1:
		return e->size > 0 ? 0 : -3;
	default:
		break;
	}
	return 0;
}

static bool big_run_${i}(void)
{
	struct big_stats_${i} stats = { 0 };
	struct big_pair pair = { NULL, NULL, ${i}UL };
	struct big_entry *e = big_entry_create_${i}("unit-${i}");
	if (!e)
		return false;
	char *joined = big_join_${i}(e->name, "renamed");
	if (!joined) {
		big_entry_destroy_${i}(e);
		return false;
	}
	bool ok = big_entry_rename_${i}(e, joined);
	free(joined);
	pair.left = e;
	if (ok && big_check_${i}(e) == 0)
		big_print_${i}(pair.left);
	struct big_entry *items[2] = { pair.left, pair.right };
	stats.checked = big_total_${i}(items, 2, &stats) == e->size;
	big_entry_destroy_${i}(e);
	return ok && stats.checked && ${previous};
}
`;
}

function mainFunction(last) {
  return `
int main(void)
{
	struct big_entry *first = big_entry_create_0("first");
	if (!first)
		err(1, "unable to create the first entry");
	char *joined = big_join_1(first->name, "second");
	if (!joined)
		err(1, "unable to join the names");
	struct big_entry *second = big_entry_create_2(joined);
	if (!second)
		err(1, "unable to create the second entry");
	big_print_0(first);
	big_print_2(second);
	if (!big_entry_rename_3(second, "third"))
		err(1, "unable to rename the second entry");
	if (big_check_4(second) != 0)
		err(1, "the second entry is inconsistent");
	/* The long chain: every unit runs, newest first. */
	if (!big_run_${last}())
		err(1, "a unit failed");
	big_entry_destroy_2(second);
	free(joined);
	big_entry_destroy_0(first);
	return 0;
}
`;
}

/** The program text: units are added until the file has at least `minLines` lines. */
export function generate(minLines = DEFAULT_MIN_LINES) {
  const parts = [HEADER];
  let lines = HEADER.split("\n").length - 1;
  const tailLines = mainFunction(0).split("\n").length - 1;
  let units = 0;
  // main() uses units 0..4, so there are always at least five.
  while (units < 5 || lines + tailLines < minLines) {
    const text = unit(units);
    parts.push(text);
    lines += text.split("\n").length - 1;
    units++;
  }
  parts.push(mainFunction(units - 1));
  const source = parts.join("");
  return { source, units, lines: source.split("\n").length - 1 };
}

// As a script: `node bench/generate.mjs [OUT.c] [MIN_LINES]` writes the file (or prints it).
if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const [out, min] = process.argv.slice(2);
  const { source, units, lines } = generate(min ? Number(min) : DEFAULT_MIN_LINES);
  if (out) {
    writeFileSync(out, source);
    process.stderr.write(`wrote ${out}: ${lines} lines, ${units} units, ${source.length} bytes\n`);
  } else {
    process.stdout.write(source);
  }
}
