// Where a program's random numbers repeat from run to run, rand()/srand() (and random()/srandom()) are defined in the module with glibc's generator, so the module draws the same numbers.
import { DRAWING_FUNCTIONS, SEEDING_FUNCTIONS, repeatableRandomNumbers } from "../analysis/random-seeds.js";
import { defineRule } from "../core/rule.js";
import { freshName, wordsOf } from "./added-code.js";
import { defineWhereUsed } from "./library-definitions.js";

export default defineRule({
  id: "rand-srand-defined",
  summary: "a program that never seeds rand(), or seeds it with a value that is the same on every run, gets glibc's generator in the module, so it prints the same numbers",
  explanation: [
    "rand() is not random in the sense the kernel means: it is a fixed sequence, the same on every run for the same seed, and a program that never calls srand() draws the sequence of seed 1. A program that prints those numbers, or decides anything by them, prints the same thing every time, and its port should too; the kernel's get_random_u32() never repeats.",
    "So where no seed comes from the clock or the process id, the module defines rand() and srand() (and random() and srandom(), the same generator under its other names) the way the GNU C library computes them: 31 words of state filled from the seed by multiplying by 16807 modulo 2^31 - 1, stirred 310 times, then each number is the sum of two state words three apart, stored back and shifted right by one, so it lies between 0 and RAND_MAX (2147483647). Seed 0 counts as 1, as in glibc.",
    "A program that seeds from time(), clock(), getpid() and the like asks for numbers that differ from run to run, and nothing it prints can be compared; there the port uses the kernel's generator instead (rand-to-get-random-u32).",
    "The state is one set of static variables, shared by the whole module as the C library's is by a single-threaded program.",
  ].join(" "),
  docs: ["https://man7.org/linux/man-pages/man3/random.3.html", "https://en.cppreference.com/w/c/numeric/random/rand"],
  headers: ["linux/types.h"],
  safety: "safe",
  handles: [...DRAWING_FUNCTIONS, ...SEEDING_FUNCTIONS],
  run(ctx) {
    const { program, source } = ctx.facts;
    if (!repeatableRandomNumbers(program)) return;
    const called = (name: string) => program.libraryCallsNamed(new Set([name])).length > 0;
    const entries = ["rand", "random", "srand", "srandom"].filter(called);
    if (!entries.some((name) => DRAWING_FUNCTIONS.has(name))) return;
    const taken = wordsOf(source);
    const [state, front, back, seeded, next, seed] = ["rand_state", "rand_front", "rand_back", "rand_seeded", "rand_next", "rand_seed"].map((n) => freshName([n], taken));
    const text = generatorText(state!, front!, back!, seeded!, next!, seed!, entries);
    if (defineWhereUsed(ctx, [{ functions: entries, text }])) ctx.use();
  },
});

function generatorText(state: string, front: string, back: string, seeded: string, next: string, seed: string, entries: string[]): string {
  const draw = (type: string, name: string) => `static ${type} ${name}(void)\n{\n\tif (!${seeded})\n\t\t${seed}(1);\n\treturn ${next}();\n}\n`;
  const reseed = (name: string) => `static void ${name}(unsigned int seed)\n{\n\t${seed}(seed);\n}\n`;
  const pieces = [
    `/*
 * The C library's random numbers, computed as glibc computes them, so that the module draws
 * the numbers the program drew: 31 words of state; each number is the sum of two words three
 * apart, written back over the first and halved, so it lies between 0 and RAND_MAX.
 */
static u32 ${state}[31];
static unsigned int ${front} = 3;
static unsigned int ${back};
static bool ${seeded};

static u32 ${next}(void)
{
\tu32 sum = ${state}[${front}] + ${state}[${back}];

\t${state}[${front}] = sum;
\t${front} = (${front} + 1) % 31;
\t${back} = (${back} + 1) % 31;
\treturn sum >> 1;
}

/* Fills the state from the seed (each word 16807 times the last, modulo 2^31 - 1), then stirs it. */
static void ${seed}(unsigned int seed)
{
\ts64 word;
\tint i;

\tif (seed == 0)
\t\tseed = 1;
\tword = (s32)seed;
\t${state}[0] = seed;
\tfor (i = 1; i < 31; i++) {
\t\tword = word * 16807 % 2147483647;
\t\tif (word < 0)
\t\t\tword += 2147483647;
\t\t${state}[i] = word;
\t}
\t${front} = 3;
\t${back} = 0;
\t${seeded} = true;
\tfor (i = 0; i < 310; i++)
\t\t${next}();
}
`,
  ];
  for (const name of entries) {
    if (name === "rand") pieces.push(draw("int", "rand"));
    else if (name === "random") pieces.push(draw("long", "random"));
    else pieces.push(reseed(name));
  }
  return pieces.join("\n");
}
