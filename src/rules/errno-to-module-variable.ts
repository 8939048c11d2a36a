// Where a program reads errno, the module keeps an errno of its own, set by the strto*() functions it defines with the C library's overflow rule.
import { ERRNO_SETTING_CONVERSIONS, MODELLED_ERRNO_VALUES, moduleErrno } from "../analysis/module-errno.js";
import { defineRule } from "../core/rule.js";
import { callArguments, unparenthesize } from "../core/syntax.js";
import { beforeFirstFunction, freshName, wordsOf } from "./added-code.js";

/** Each conversion the module may define: its result type, whether it is signed, and its limits. */
const CONVERSIONS: Record<string, { type: string; signed: boolean; max: string; min?: string }> = {
  strtol: { type: "long", signed: true, max: "LONG_MAX", min: "LONG_MIN" },
  strtoll: { type: "long long", signed: true, max: "LLONG_MAX", min: "LLONG_MIN" },
  // intmax_t and uintmax_t are long and unsigned long in the x86-64 C library.
  strtoimax: { type: "long", signed: true, max: "LONG_MAX", min: "LONG_MIN" },
  strtoul: { type: "unsigned long", signed: false, max: "ULONG_MAX" },
  strtoull: { type: "unsigned long long", signed: false, max: "ULLONG_MAX" },
  strtoumax: { type: "unsigned long", signed: false, max: "ULONG_MAX" },
};

export default defineRule({
  id: "errno-to-module-variable",
  summary: "a program that reads errno gets a module-local errno, set to ERANGE or EINVAL by the strtol() family the module defines, and strerror() for the values it can hold",
  explanation: [
    "The kernel has no errno: its functions return a negative error code instead. A program that clears errno, calls strtol() and tests `errno == ERANGE` asks a question the kernel's parsers answer differently (kstrtol() fails on overflow, simple_strtol() ignores it), so the port keeps the program's own question.",
    "Every errno the program mentions becomes one static int of the module's (renamed, not #defined, so the kernel's headers cannot meet it), and the strtol() family the program calls (strtol, strtoll, strtoul, strtoull, and strtoimax and strtoumax, which are strtol and strtoul where intmax_t is long) is defined in the module with the C library's rules: leading white space and a sign, the 0x and 0 prefixes for base 0 or 16, bases up to 36, the end pointer after the last digit (or at the start when there is none), and on overflow the type's limit with errno set to ERANGE; an invalid base sets EINVAL.",
    "This is only done where those functions are the only ones that could set errno: a program that also allocates (whose failures set ENOMEM in the C library) keeps its refusal (K1006). strerror() is defined too when the program prints strerror(errno) and stores nothing in errno but 0, EINVAL or ERANGE, with the C library's text for each.",
    "A module-local variable is shared by everything in the module, as errno is by a single-threaded program; it is not per-thread, which a module that runs its code from several threads would need.",
  ].join(" "),
  docs: ["https://en.cppreference.com/w/c/error/errno", "https://en.cppreference.com/w/c/string/byte/strtol", "https://docs.kernel.org/core-api/kernel-api.html#c.kstrtol"],
  headers: ["linux/errno.h", "linux/limits.h"],
  safety: "review",
  handles: ["strerror"],
  run(ctx) {
    const { program, source } = ctx.facts;
    const errno = moduleErrno(program);
    const strerrors = program.libraryCallsNamed(new Set(["strerror"]));
    const printable = errno?.storesOnlyModelled === true && strerrors.every((c) => callArguments(c.call).length === 1 && unparenthesize(callArguments(c.call)[0]!).text === "errno");
    if (!printable) {
      for (const c of strerrors) {
        ctx.report("K1003", "strerror() has no kernel counterpart that kernelize knows", c.callee, {
          note: "kernelize defines strerror() only for strerror(errno) where errno is set by strtol() and its relatives and the program stores only 0, EINVAL or ERANGE in it; print the error's number instead",
        });
      }
    }
    if (!errno) return;
    const taken = wordsOf(source);
    const variable = freshName(["program_errno"], taken);
    for (const use of errno.uses) ctx.replace(use, variable);
    const called = [...ERRNO_SETTING_CONVERSIONS].filter((name) => program.libraryCallsNamed(new Set([name])).length > 0);
    const magnitude = freshName(["strto_magnitude"], taken);
    const digit = freshName(["strto_digit"], taken);
    const pieces = [`/* The C library's errno, for this module alone, set as the C library sets it. */\nstatic int ${variable};\n`];
    if (called.length > 0) pieces.push(digitText(digit), magnitudeText(magnitude, digit, variable), ...called.map((name) => conversionText(name, magnitude, variable)));
    if (printable && strerrors.length > 0) pieces.push(strerrorText());
    const at = beforeFirstFunction(program, source);
    if (at === undefined) return;
    ctx.insert(at, `${pieces.join("\n").replace(/^\t+/gm, (tabs) => ctx.facts.style.indentUnit.repeat(tabs.length))}\n`);
    ctx.use();
  },
});

function digitText(digit: string): string {
  return `/* A digit's value in bases up to 36 (the C locale's letters), or 36 for any other character. */
static int ${digit}(char c)
{
\tif (c >= '0' && c <= '9')
\t\treturn c - '0';
\tif (c >= 'a' && c <= 'z')
\t\treturn c - 'a' + 10;
\tif (c >= 'A' && c <= 'Z')
\t\treturn c - 'A' + 10;
\treturn 36;
}
`;
}

function magnitudeText(magnitude: string, digit: string, errno: string): string {
  return `/* The number strto*() reads: its magnitude, its sign, whether it overflowed, and where it ends. */
static unsigned long long ${magnitude}(const char *s, char **end, int base,
\t\t\t\t\t  bool *negative, bool *overflow)
{
\tconst char *p = s;
\tunsigned long long value = 0;
\tbool digits = false;

\t*negative = false;
\t*overflow = false;
\tif (base < 0 || base == 1 || base > 36) {
\t\t${errno} = EINVAL;
\t\tif (end)
\t\t\t*end = (char *)s;
\t\treturn 0;
\t}
\twhile (*p == ' ' || (*p >= '\\t' && *p <= '\\r'))
\t\tp++;
\tif (*p == '-' || *p == '+')
\t\t*negative = *p++ == '-';
\tif ((base == 0 || base == 16) && p[0] == '0' && (p[1] == 'x' || p[1] == 'X') &&\n\t    ${digit}(p[2]) < 16) {
\t\tp += 2;
\t\tbase = 16;
\t} else if (base == 0) {
\t\tbase = *p == '0' ? 8 : 10;
\t}
\tfor (; ${digit}(*p) < base; p++) {
\t\tint d = ${digit}(*p);

\t\tdigits = true;
\t\tif (value > (ULLONG_MAX - d) / base)
\t\t\t*overflow = true;
\t\telse
\t\t\tvalue = value * base + d;
\t}
\tif (end)
\t\t*end = (char *)(digits ? p : s);
\treturn value;
}
`;
}

function conversionText(name: string, magnitude: string, errno: string): string {
  const c = CONVERSIONS[name]!;
  const read = `\tbool negative, overflow;\n\tunsigned long long magnitude = ${magnitude}(s, end, base, &negative, &overflow);\n\n`;
  if (c.signed) {
    return `static ${c.type} ${name}(const char *s, char **end, int base)
{
${read}\tif (overflow || magnitude > (negative ? (unsigned long long)${c.max} + 1 : ${c.max})) {
\t\t${errno} = ERANGE;
\t\treturn negative ? ${c.min} : ${c.max};
\t}
\treturn negative ? (${c.type})(0 - magnitude) : (${c.type})magnitude;
}
`;
  }
  // unsigned long has the 64 bits of unsigned long long on the 64-bit kernels kernelize builds for.
  return `static ${c.type} ${name}(const char *s, char **end, int base)
{
${read}\tif (overflow) {
\t\t${errno} = ERANGE;
\t\treturn ${c.max};
\t}
\treturn negative ? 0 - (${c.type})magnitude : (${c.type})magnitude;
}
`;
}

function strerrorText(): string {
  const texts: Record<string, string> = { "0": "Success", EINVAL: "Invalid argument", ERANGE: "Numerical result out of range" };
  const cases = [...MODELLED_ERRNO_VALUES].map((v) => `\tcase ${v}:\n\t\treturn "${texts[v]}";\n`).join("");
  return `/* The C library's text for each value the module's errno can hold. */
static char *strerror(int e)
{
\tswitch (e) {
${cases}\t}
\treturn "Unknown error";
}
`;
}
