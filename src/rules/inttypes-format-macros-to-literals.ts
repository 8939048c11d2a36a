// "%" PRId64 "\n" becomes "%lld\n": the kernel has no <inttypes.h>, and its int64_t is always long long.
import { defineRule } from "../core/rule.js";
import { codeTokens } from "./tokens.js";

const PRI_MACRO = /\bPRI[diouxX](?:8|16|32|64|PTR|MAX|LEAST(?:8|16|32|64)|FAST(?:8|16|32|64))\b/g;

/** The length modifier each width needs for the kernel's types: int8_t…int32_t promote to int, int64_t is long long, uintptr_t is unsigned long. */
const LENGTH: Record<string, string> = { "8": "", "16": "", "32": "", "64": "ll", PTR: "l" };

export default defineRule({
  id: "inttypes-format-macros-to-literals",
  summary: "PRId64, PRIu32, PRIxPTR and the other <inttypes.h> format macros become the conversion they stand for, written into the format",
  explanation: [
    "The kernel has no <inttypes.h>, so PRId64 and its relatives do not exist in a module.",
    "They are not needed either: the kernel fixes its integer types on every architecture (int64_t and s64 are long long, int32_t is int, uintptr_t is unsigned long), so the conversion for each is always the same: %lld for int64_t, %llu for uint64_t, %d or %u for the 8-, 16- and 32-bit types (which are promoted to int), %lx for uintptr_t.",
    "In userspace on x86-64, PRId64 is \"ld\" because int64_t is long there; in the kernel \"lld\" is the one that matches, with no cast, which is why the macro is replaced by the kernel's spelling and not by its userspace value.",
    "The replacement is merged into the neighbouring string literals, so \"%\" PRId64 \"\\n\" becomes \"%lld\\n\".",
    "The other stdint types print as in userspace: %zu and %zd for size_t and ssize_t work in printk() exactly as in printf().",
  ].join(" "),
  docs: ["https://docs.kernel.org/core-api/printk-formats.html#integer-types"],
  headers: [],
  safety: "safe",
  run(ctx) {
    const { program, source } = ctx.facts;
    if (!source.includes("PRI")) return;
    for (const token of codeTokens(program.root, source, PRI_MACRO)) {
      const conversion = token.name[3]!;
      const width = token.name.slice(4);
      const length = LENGTH[width];
      if (length === undefined) {
        ctx.report("K2130", `${token.name} has no kernel counterpart: the kernel has no ${width.startsWith("MAX") ? "intmax_t" : "least- or fast- integer types"}`, token, {
          note: `use a fixed-width type and its conversion: %lld for s64, %llu for u64, %d for s32`,
        });
        continue;
      }
      const text = `${length}${conversion}`;
      const left = quoteBefore(source, token.start);
      const right = quoteAfter(source, token.end);
      if (left !== undefined && right !== undefined) ctx.replace({ start: left, end: right + 1 }, text);
      else if (left !== undefined) ctx.replace({ start: left, end: token.end }, `${text}"`);
      else if (right !== undefined) ctx.replace({ start: token.start, end: right + 1 }, `"${text}`);
      else ctx.replace(token, `"${text}"`);
    }
  },
});

/** Offset of the closing quote of a string literal that ends just before `offset` (white space between), if any. */
function quoteBefore(source: string, offset: number): number | undefined {
  let i = offset - 1;
  while (i >= 0 && /\s/.test(source[i]!)) i--;
  return i >= 0 && source[i] === '"' && source[i - 1] !== "\\" ? i : undefined;
}

/** Offset of the opening quote of a string literal that starts just after `offset`, if any. */
function quoteAfter(source: string, offset: number): number | undefined {
  let i = offset;
  while (i < source.length && /\s/.test(source[i]!)) i++;
  return source[i] === '"' ? i : undefined;
}
