// The C library's number parsers as module code: the strtol() family and atoi(), atol(), atoll() on it, with or without a module-local errno.
import { ERRNO_SETTING_CONVERSIONS } from "../analysis/module-errno.js";
import { freshName, type TakenNames } from "./added-code.js";

/** Each conversion the module may define: its result type, whether it is signed, and its limits. */
export const CONVERSIONS: Record<string, { type: string; signed: boolean; max: string; min?: string }> = {
  strtol: { type: "long", signed: true, max: "LONG_MAX", min: "LONG_MIN" },
  strtoll: { type: "long long", signed: true, max: "LLONG_MAX", min: "LLONG_MIN" },
  // intmax_t and uintmax_t are long and unsigned long in the x86-64 C library.
  strtoimax: { type: "long", signed: true, max: "LONG_MAX", min: "LONG_MIN" },
  strtoul: { type: "unsigned long", signed: false, max: "ULONG_MAX" },
  strtoull: { type: "unsigned long long", signed: false, max: "ULLONG_MAX" },
  strtoumax: { type: "unsigned long", signed: false, max: "ULONG_MAX" },
};

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

function magnitudeText(magnitude: string, digit: string, errno: string | undefined): string {
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
${errno ? `\t\t${errno} = EINVAL;\n` : ""}\t\tif (end)
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

function conversionText(name: string, magnitude: string, errno: string | undefined): string {
  const c = CONVERSIONS[name]!;
  // Braces only around the two statements errno adds.
  const open = errno ? " {" : "";
  const close = errno ? "\t}\n" : "";
  const read = `\tbool negative, overflow;\n\tunsigned long long magnitude = ${magnitude}(s, end, base, &negative, &overflow);\n\n`;
  if (c.signed) {
    return `static ${c.type} ${name}(const char *s, char **end, int base)
{
${read}\tif (overflow || magnitude > (negative ? (unsigned long long)${c.max} + 1 : ${c.max}))${open}
${errno ? `\t\t${errno} = ERANGE;\n` : ""}\t\treturn negative ? ${c.min} : ${c.max};
${close}\treturn negative ? (${c.type})(0 - magnitude) : (${c.type})magnitude;
}
`;
  }
  // unsigned long has the 64 bits of unsigned long long on the 64-bit kernels kernelize builds for.
  return `static ${c.type} ${name}(const char *s, char **end, int base)
{
${read}\tif (overflow)${open}
${errno ? `\t\t${errno} = ERANGE;\n` : ""}\t\treturn ${c.max};
${close}\treturn negative ? 0 - (${c.type})magnitude : (${c.type})magnitude;
}
`;
}

/** The parsers that read a decimal number with no end pointer, and the strto*() each one is. */
export const DECIMAL_PARSERS: Record<string, { type: string; strto: string; cast: string }> = {
  atoi: { type: "int", strto: "strtol", cast: "(int)" },
  atol: { type: "long", strto: "strtol", cast: "" },
  atoll: { type: "long long", strto: "strtoll", cast: "" },
};

/**
 * The definitions of `names` (strto*() and ato*() functions, in any order), with the two helpers
 * they share, once each; a strto*() an ato*() needs is defined with it. Where `errno` names the
 * module's errno, overflow and a bad base set it as the C library does.
 */
export function parserDefinitions(names: readonly string[], taken: TakenNames, errno?: string): string {
  const strto = [...ERRNO_SETTING_CONVERSIONS].filter((n) => names.includes(n) || names.some((a) => DECIMAL_PARSERS[a]?.strto === n));
  const ato = Object.keys(DECIMAL_PARSERS).filter((n) => names.includes(n));
  if (strto.length === 0) return "";
  const magnitude = freshName(["strto_magnitude"], taken);
  const digit = freshName(["strto_digit"], taken);
  const pieces = [digitText(digit), magnitudeText(magnitude, digit, errno), ...strto.map((name) => conversionText(name, magnitude, errno))];
  for (const name of ato) {
    const p = DECIMAL_PARSERS[name]!;
    pieces.push(`/* ${name}() as the C library has it: ${p.strto}() in base 10, with no end pointer. */\nstatic ${p.type} ${name}(const char *s)\n{\n\treturn ${p.cast}${p.strto}(s, NULL, 10);\n}\n`);
  }
  return pieces.join("\n");
}
