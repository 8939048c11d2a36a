// `const size_t N = 100; int a[N];` becomes `int a[100];`: to C that array is variable-length, and the kernel builds with -Wvla.
import { arraysSizedByConstLocals } from "../analysis/const-locals.js";
import type { Node } from "../core/syntax-tree.js";
import { defineRule } from "../core/rule.js";
import { removeStatement } from "./statements.js";
import { wordOffsets } from "../core/words.js";

export default defineRule({
  id: "const-array-sizes-inlined",
  summary: "an array sized by a const local with a constant value gets that value as its size",
  explanation: [
    "In C a const variable is not a constant expression, so `const size_t N = 100; int numbers[N];` declares a variable-length array, even though its size can never change.",
    "The kernel builds with -Wvla and allows no variable-length array on its small stack, so the port writes the variable's constant value in the array's size: the array, its size and sizeof of it are exactly what they were, and N stays for the rest of the function; when nothing else uses N, its declaration goes too, since -Wunused-variable would warn about it.",
  ].join(" "),
  docs: ["https://gcc.gnu.org/onlinedocs/gcc/Warning-Options.html#index-Wvla", "https://docs.kernel.org/process/deprecated.html#variable-length-arrays-vlas"],
  headers: [],
  safety: "safe",
  run(ctx) {
    const { program } = ctx.facts;
    const enumerators = new Set([...program.source.matchAll(/\benum\b[^{;]*\{([^}]*)\}/g)].flatMap((m) => m[1]!.split(",").map((e) => e.split("=")[0]!.trim())));
    const isConstant = (id: string) => id === "sizeof" || id === "struct" || program.macros.has(id) || enumerators.has(id);
    // A const local that only sized arrays is unused once they say its value: it goes too (-Wunused-variable).
    const inlinedTimes = new Map<number, { name: string; fn: Node; times: number }>();
    for (const { size, text, locals } of arraysSizedByConstLocals(program, isConstant)) {
      ctx.replace(size, text);
      for (const l of locals) {
        const entry = inlinedTimes.get(l.offset) ?? { name: l.name, fn: l.fn, times: 0 };
        entry.times++;
        inlinedTimes.set(l.offset, entry);
      }
    }
    for (const [offset, { name, fn, times }] of inlinedTimes) {
      const mentions = wordOffsets(program.source, name, fn.startIndex, fn.endIndex).length;
      const declaration = program.root.descendantForIndex(offset, offset + name.length)?.parent?.parent;
      if (mentions !== times + 1 || declaration?.type !== "declaration" || declaration.childrenForFieldName("declarator").length !== 1) continue;
      removeStatement(ctx, declaration);
    }
  },
});
