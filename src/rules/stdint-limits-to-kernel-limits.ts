// INT32_MAX, UINT64_MAX, UCHAR_MAX, CHAR_BIT, RAND_MAX, FILENAME_MAX and intptr_t become the names the kernel gives them; BUFSIZ and LINE_MAX, which it lacks, are defined.
import { LIBRARY_CONSTANTS } from "../analysis/constant-value.js";
import { defineRule } from "../core/rule.js";
import { defineWhereUsed } from "./library-definitions.js";
import { KERNEL_TYPES } from "./stdint-types-to-kernel-types.js";
import { codeTokens } from "./tokens.js";

/** C library names the kernel spells differently; <limits.h>'s INT_MAX, LONG_MAX, SIZE_MAX and the like exist as they are. */
const RENAMED: Record<string, string> = {
  INT8_MIN: "S8_MIN",
  INT8_MAX: "S8_MAX",
  UINT8_MAX: "U8_MAX",
  INT16_MIN: "S16_MIN",
  INT16_MAX: "S16_MAX",
  UINT16_MAX: "U16_MAX",
  INT32_MIN: "S32_MIN",
  INT32_MAX: "S32_MAX",
  UINT32_MAX: "U32_MAX",
  INT64_MIN: "S64_MIN",
  INT64_MAX: "S64_MAX",
  UINT64_MAX: "U64_MAX",
  SCHAR_MIN: "S8_MIN",
  SCHAR_MAX: "S8_MAX",
  UCHAR_MAX: "U8_MAX",
  INTPTR_MIN: "LONG_MIN",
  INTPTR_MAX: "LONG_MAX",
  PTRDIFF_MIN: "LONG_MIN",
  PTRDIFF_MAX: "LONG_MAX",
  CHAR_BIT: "BITS_PER_BYTE",
  // glibc's RAND_MAX; rand() is ported to give numbers from 0 to INT_MAX, as glibc's does.
  RAND_MAX: "INT_MAX",
  // glibc's FILENAME_MAX is PATH_MAX, 4096.
  FILENAME_MAX: "PATH_MAX",
  intptr_t: "long",
  intmax_t: "s64",
  uintmax_t: "u64",
  INTMAX_MIN: "S64_MIN",
  INTMAX_MAX: "S64_MAX",
  UINTMAX_MAX: "U64_MAX",
  // <stdint.h>'s least- and fast- types, as glibc defines them on x86-64: the kernel has neither.
  int_least8_t: "int8_t",
  int_least16_t: "int16_t",
  int_least32_t: "int32_t",
  int_least64_t: "int64_t",
  uint_least8_t: "uint8_t",
  uint_least16_t: "uint16_t",
  uint_least32_t: "uint32_t",
  uint_least64_t: "uint64_t",
  int_fast8_t: "int8_t",
  int_fast16_t: "long",
  int_fast32_t: "long",
  int_fast64_t: "long",
  uint_fast8_t: "uint8_t",
  uint_fast16_t: "unsigned long",
  uint_fast32_t: "unsigned long",
  uint_fast64_t: "unsigned long",
  // Their limits, as glibc's x86-64 <stdint.h> gives them (the fast 16-, 32- and 64-bit types are long).
  INT_LEAST8_MIN: "S8_MIN",
  INT_LEAST8_MAX: "S8_MAX",
  UINT_LEAST8_MAX: "U8_MAX",
  INT_LEAST16_MIN: "S16_MIN",
  INT_LEAST16_MAX: "S16_MAX",
  UINT_LEAST16_MAX: "U16_MAX",
  INT_LEAST32_MIN: "S32_MIN",
  INT_LEAST32_MAX: "S32_MAX",
  UINT_LEAST32_MAX: "U32_MAX",
  INT_LEAST64_MIN: "S64_MIN",
  INT_LEAST64_MAX: "S64_MAX",
  UINT_LEAST64_MAX: "U64_MAX",
  INT_FAST8_MIN: "S8_MIN",
  INT_FAST8_MAX: "S8_MAX",
  UINT_FAST8_MAX: "U8_MAX",
  INT_FAST16_MIN: "LONG_MIN",
  INT_FAST16_MAX: "LONG_MAX",
  UINT_FAST16_MAX: "ULONG_MAX",
  INT_FAST32_MIN: "LONG_MIN",
  INT_FAST32_MAX: "LONG_MAX",
  UINT_FAST32_MAX: "ULONG_MAX",
  INT_FAST64_MIN: "LONG_MIN",
  INT_FAST64_MAX: "LONG_MAX",
  UINT_FAST64_MAX: "ULONG_MAX",
};

/**
 * <stdint.h>'s constant macros, which the kernel lacks (it has U64_C() alone), defined as glibc
 * defines them on x86-64: the suffix that gives the constant the type's width.
 */
const CONSTANT_MACROS: Record<string, string> = {
  INT8_C: "c",
  INT16_C: "c",
  INT32_C: "c",
  INT64_C: "c ## L",
  UINT8_C: "c",
  UINT16_C: "c",
  UINT32_C: "c ## U",
  UINT64_C: "c ## UL",
  INTMAX_C: "c ## L",
  UINTMAX_C: "c ## UL",
};

/** The C library's sizes the kernel's headers lack, defined in the module with glibc's values: <stdio.h>'s BUFSIZ, <limits.h>'s LINE_MAX, MB_LEN_MAX and HOST_NAME_MAX. */
const DEFINED = ["BUFSIZ", "LINE_MAX", "MB_LEN_MAX", "HOST_NAME_MAX"];
const DEFINED_NAMES = new RegExp(`\\b(?:${DEFINED.join("|")})\\b`, "g");

/** Names with no single kernel spelling. */
const MISSING: Record<string, string> = {
  CHAR_MIN: "char is signed on some architectures and unsigned on others in the kernel; use S8_MIN or 0",
  CHAR_MAX: "char is signed on some architectures and unsigned on others in the kernel; use S8_MAX or U8_MAX",
};

const NAMES = new RegExp(`\\b(?:${[...Object.keys(RENAMED), ...Object.keys(MISSING)].join("|")})\\b`, "g");

export default defineRule({
  id: "stdint-limits-to-kernel-limits",
  summary: "INT32_MAX becomes S32_MAX, UINT8_MAX U8_MAX, CHAR_BIT BITS_PER_BYTE, RAND_MAX INT_MAX, FILENAME_MAX PATH_MAX, intptr_t long; BUFSIZ and LINE_MAX are defined with glibc's values",
  explanation: [
    "<stdbool.h>, <stddef.h>, <stdint.h> and <limits.h> need no mapping for most of what programs use: the kernel defines bool, true, false, NULL, size_t, ssize_t, ptrdiff_t, offsetof(), uint8_t through uint64_t, int8_t through int64_t, uintptr_t, and INT_MAX, UINT_MAX, LONG_MAX, LLONG_MAX, SIZE_MAX and their relatives under the C library's names.",
    "A few names differ. The fixed-width limits are S32_MAX, U64_MAX and so on (<linux/limits.h>); CHAR_BIT is BITS_PER_BYTE; the kernel has uintptr_t but no intptr_t, and long has the pointer's width on every Linux architecture; intmax_t is at most 64 bits there, so s64, and its limits S64_MIN, S64_MAX and U64_MAX.",
    "RAND_MAX becomes INT_MAX, glibc's value, because rand() is ported to return numbers from 0 to INT_MAX. FILENAME_MAX becomes PATH_MAX, which glibc defines it as (4096).",
    `<stdio.h>'s BUFSIZ, the size programs give their line buffers (\`char line[BUFSIZ]\`), has no kernel counterpart: the module defines it with glibc's value, ${LIBRARY_CONSTANTS.get("BUFSIZ")}, above the first code that uses it, so the buffer keeps its size (and, being larger than a kernel stack should hold, moves to the heap). <limits.h>'s LINE_MAX (${LIBRARY_CONSTANTS.get("LINE_MAX")}), MB_LEN_MAX (${LIBRARY_CONSTANTS.get("MB_LEN_MAX")}) and HOST_NAME_MAX (${LIBRARY_CONSTANTS.get("HOST_NAME_MAX")}), which the kernel lacks too, are defined the same way.`,
    "<stdint.h>'s least- and fast- types, which the kernel does not have, become the types glibc makes them on x86-64 (int_least32_t is int32_t, int_fast32_t is long, uint_fast8_t is uint8_t), their limits those types' limits (INT_FAST32_MAX is LONG_MAX), and its constant macros UINT64_C(), INT32_C() and the others, which it lacks too (it has U64_C() alone), are defined as glibc defines them: UINT64_C(c) is c ## UL.",
    "Each renamed name has the same value and type as in the C program, so nothing else changes.",
  ].join(" "),
  docs: ["https://elixir.bootlin.com/linux/v6.1/source/include/linux/limits.h", "https://docs.kernel.org/process/coding-style.html#typedefs"],
  headers: ["linux/limits.h"],
  safety: "safe",
  handles: Object.keys(CONSTANT_MACROS),
  run(ctx) {
    const { program, source } = ctx.facts;
    // In the kernel style a least- type becomes the kernel's own name at once (s16, not int16_t), as stdint-types-to-kernel-types spells the others.
    const inStyle = (name: string | undefined) => (name && ctx.facts.target.style === "kernel" ? (KERNEL_TYPES[name] ?? name) : name);
    // Only where a mention stays: one in code an earlier rule of the phase removed (a buffer for setvbuf()) needs none.
    const kept = new Set(codeTokens(program.root, source, DEFINED_NAMES).filter((t) => !ctx.claimed(t.start, t.end) && !program.macros.has(t.name)).map((t) => t.name));
    const defined = DEFINED.filter((name) => kept.has(name)).map((name) => ({ functions: [], types: [name], text: `#define ${name} ${LIBRARY_CONSTANTS.get(name)}\n` }));
    if (defined.length > 0 && defineWhereUsed(ctx, defined)) ctx.use();
    const constants = Object.keys(CONSTANT_MACROS).filter((name) => source.includes(name) && !program.macros.has(name) && !program.functions.has(name));
    if (constants.length > 0) {
      const definitions = constants.map((name) => ({ functions: [name], types: [name], text: `#define ${name}(c) ${CONSTANT_MACROS[name]}\n` }));
      if (defineWhereUsed(ctx, definitions)) ctx.use();
    }
    for (const token of codeTokens(program.root, source, NAMES)) {
      if (program.macros.has(token.name)) continue;
      const renamed = inStyle(RENAMED[token.name]);
      if (renamed) {
        ctx.replace(token, renamed);
        continue;
      }
      ctx.report("K2130", `${token.name} has no kernel counterpart`, token, { note: MISSING[token.name]! });
    }
  },
});
