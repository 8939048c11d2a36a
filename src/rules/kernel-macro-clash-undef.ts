// A program's own MIN(), max(), swap() or NSEC_PER_SEC keeps its meaning: #undef the kernel's macro of that name first.
import type { Node } from "../core/syntax-tree.js";
import { defineRule } from "../core/rule.js";
import { declaratorName, lineStartOf, namedChildren } from "../core/syntax.js";
import { KERNEL_CAPS_OBJECT_MACROS } from "../analysis/kernel-names.js";

/**
 * Macros that <linux/module.h> brings into every module (through <linux/kernel.h>, <linux/minmax.h>,
 * <linux/math.h>, <linux/time64.h> and <linux/bits.h>) under names C programs often define
 * themselves. Checked against the Debian 6.1 headers with `gcc -E -dM`.
 */
export const KERNEL_MACROS = new Set([
  // <linux/minmax.h>; Debian's 6.1 has MIN() and MAX() too
  "min",
  "max",
  "MIN",
  "MAX",
  "min_t",
  "max_t",
  "min3",
  "max3",
  "umin",
  "umax",
  "clamp",
  "clamp_t",
  "clamp_val",
  "swap",
  // <linux/math.h>, <linux/align.h>, <linux/array_size.h>, <linux/bits.h>
  "abs",
  "roundup",
  "rounddown",
  "round_up",
  "round_down",
  "DIV_ROUND_UP",
  "DIV_ROUND_CLOSEST",
  "ALIGN",
  "ALIGN_DOWN",
  "IS_ALIGNED",
  "PTR_ALIGN",
  "ARRAY_SIZE",
  "BIT",
  "BIT_MASK",
  "GENMASK",
  "upper_32_bits",
  "lower_32_bits",
  // <linux/compiler.h>, <linux/container_of.h>, <linux/build_bug.h>, <linux/stddef.h>
  "likely",
  "unlikely",
  "container_of",
  "typecheck",
  "sizeof_field",
  "BUILD_BUG_ON",
  // <linux/list.h>, which <linux/module.h> includes: programs copy it, or write its macros themselves
  "LIST_HEAD",
  "LIST_HEAD_INIT",
  "list_entry",
  "list_first_entry",
  "list_last_entry",
  "list_next_entry",
  "list_prev_entry",
  "list_for_each",
  "list_for_each_prev",
  "list_for_each_safe",
  "list_for_each_entry",
  "list_for_each_entry_reverse",
  "list_for_each_entry_safe",
  // <linux/time64.h> and <linux/bits.h> constants
  "NSEC_PER_SEC",
  "NSEC_PER_MSEC",
  "NSEC_PER_USEC",
  "USEC_PER_SEC",
  "USEC_PER_MSEC",
  "MSEC_PER_SEC",
  "BITS_PER_BYTE",
  "BITS_PER_LONG",
]);

const CONTAINERS = new Set(["preproc_if", "preproc_ifdef", "preproc_else", "preproc_elif"]);

let clashPattern: RegExp | undefined;

export default defineRule({
  id: "kernel-macro-clash-undef",
  summary: "a program's own MIN()/MAX()/swap()/… definition is preceded by #undef of the kernel's macro of that name",
  explanation: [
    "The C library has no integer min() or max(), so programs write their own, usually `#define MIN(a, b) ((a) < (b) ? (a) : (b))`, and often a swap(), an ARRAY_SIZE() or an NSEC_PER_SEC of their own too.",
    "In a module those names are already taken: <linux/module.h> brings in the kernel's min(), max(), clamp(), swap(), ARRAY_SIZE() and, in Debian's 6.1, MIN() and MAX(). A second #define of a macro is a compiler warning, and a function named after a function-like macro does not compile at all, because the macro expands inside its definition.",
    "kernelize keeps the program's own definitions, which is what the program was tested with, and writes `#undef NAME` on the line before each one, so the rest of the file uses the program's meaning. The same goes for a constant the program defines under a name the kernel's headers already give one (`#define PAGE_SIZE 256`, `#define WRITE 1`), which the compiler would otherwise warn about as redefined.",
    "It does not replace them with the kernel's macros: min() and max() refuse at build time to compare a signed with an unsigned value, and a program's ternary macro evaluates its arguments twice where the kernel's evaluate them once; swapping in the kernel's version is a change to review, not a port.",
    "The kernel's macros keep working in the kernel headers, which were read before the #undef. The C library's own fmin() and fmax() work on floating point, which a module cannot use; they are refused with the rest of <math.h>.",
  ].join(" "),
  docs: ["https://elixir.bootlin.com/linux/v6.1/source/include/linux/minmax.h", "https://gcc.gnu.org/onlinedocs/cpp/Undefining-and-Redefining-Macros.html"],
  headers: [],
  safety: "safe",
  run(ctx) {
    const { program, source } = ctx.facts;
    // Most programs name none of these: one look at the text spares the walk over every definition.
    clashPattern ??= new RegExp(`\\b(?:${[...KERNEL_MACROS].join("|")})\\b`);
    // An ALL-CAPS constant of the kernel's the program defines itself (`#define PAGE_SIZE 256`).
    const clashes = (name: string, node?: Node) => KERNEL_MACROS.has(name) || ((!node || node.type === "preproc_def") && KERNEL_CAPS_OBJECT_MACROS.has(name) && program.macros.has(name));
    if (!clashPattern.test(source) && ![...program.macros].some((m) => KERNEL_CAPS_OBJECT_MACROS.has(m))) return;
    const undone = new Set<string>();
    const visit = (container: Node) => {
      for (const node of namedChildren(container)) {
        if (node.type === "preproc_call" && node.childForFieldName("directive")?.text === "#undef") {
          const name = node.childForFieldName("argument")?.text.trim();
          if (name) undone.add(name);
          continue;
        }
        if (CONTAINERS.has(node.type)) {
          // `#ifndef MIN / #define MIN … / #endif`: the #undef goes before the guard, so the program's definition is used.
          const guarded = node.type === "preproc_ifdef" && node.child(0)?.type === "#ifndef" ? node.childForFieldName("name")?.text : undefined;
          if (guarded && clashes(guarded) && !undone.has(guarded) && definesInside(node, guarded)) {
            undo(guarded, node);
          }
          visit(node);
          continue;
        }
        for (const name of definedNames(node)) if (clashes(name, node) && !undone.has(name)) undo(name, node);
      }
    };
    const undo = (name: string, before: Node) => {
      undone.add(name);
      ctx.insert(lineStartOf(source, before.startIndex), `#undef ${name}\n`);
    };
    visit(program.root);
  },
});

/** Names a top-level node defines: a macro, a function, or a function's prototype. */
function definedNames(node: Node): string[] {
  if (node.type === "preproc_def" || node.type === "preproc_function_def") {
    const name = node.childForFieldName("name");
    return name ? [name.text] : [];
  }
  if (node.type === "function_definition") {
    const name = declaratorName(node.childForFieldName("declarator"));
    return name ? [name.text] : [];
  }
  if (node.type === "declaration") {
    const names: string[] = [];
    for (let i = 0; i < node.childCount; i++) {
      if (node.fieldNameForChild(i) !== "declarator") continue;
      const d = node.child(i)!;
      if (!d.text.includes("(")) continue;
      const name = declaratorName(d);
      if (name) names.push(name.text);
    }
    return names;
  }
  return [];
}

function definesInside(container: Node, name: string): boolean {
  return namedChildren(container).some((n) => definedNames(n).includes(name));
}
