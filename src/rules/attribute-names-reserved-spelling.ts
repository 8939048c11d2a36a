// `__attribute__((noinline))` becomes `__attribute__((__noinline__))` where the kernel has a macro of the attribute's name.
import { defineRule } from "../core/rule.js";
import { codeSpans } from "../core/parse.js";
import { wordOffsets } from "../core/words.js";
import { KERNEL_FUNCTION_MACROS, KERNEL_OBJECT_MACROS } from "../analysis/kernel-names.js";

export default defineRule({
  id: "attribute-names-reserved-spelling",
  summary: "an attribute whose name the kernel defines as a macro (noinline, fallthrough) is spelled with underscores, __noinline__, which no macro replaces",
  explanation: [
    "gcc knows each attribute under two names: `noinline` and `__noinline__`. The second exists for headers, whose macros could otherwise replace an attribute's name, and the kernel's headers are such headers: <linux/compiler_attributes.h> defines `noinline` as `__attribute__((__noinline__))` and `fallthrough` as `__attribute__((__fallthrough__))`, so a program's own `__attribute__((noinline))` becomes an attribute inside an attribute, which gcc refuses.",
    "So where the kernel has a macro of an attribute's name, the attribute takes the other spelling gcc gives it, which means the same and which no macro replaces. Attributes the kernel leaves alone (unused, aligned, packed) keep the program's spelling.",
  ].join(" "),
  docs: ["https://gcc.gnu.org/onlinedocs/gcc/Attribute-Syntax.html", "https://elixir.bootlin.com/linux/v6.1/source/include/linux/compiler_attributes.h"],
  headers: [],
  safety: "safe",
  appliesTo: (_target, source) => source.includes("__attribute__"),
  run(ctx) {
    const { source, program } = ctx.facts;
    const spans = codeSpans(source);
    const inCode = (at: number) => spans.some((s) => s.start <= at && at < s.end);
    const onDefine = (at: number) => /^[ \t]*#[ \t]*define\b/.test(source.slice(source.lastIndexOf("\n", at) + 1, at));
    for (const at of wordOffsets(source, "__attribute__")) {
      if (!program.isCompiled(at) || !(inCode(at) || onDefine(at))) continue;
      let open = at + "__attribute__".length;
      while (/\s/.test(source[open] ?? "")) open++;
      if (source[open] !== "(") continue;
      let inner = open + 1;
      while (/\s/.test(source[inner] ?? "")) inner++;
      if (source[inner] !== "(") continue;
      // Each item of the list: its name starts the list or follows a comma at the list's own depth.
      let depth = 0;
      for (let i = inner + 1, itemStart = true; i < source.length; i++) {
        const c = source[i]!;
        if (itemStart && /[A-Za-z_]/.test(c)) {
          const name = /^[A-Za-z_]\w*/.exec(source.slice(i, i + 64))![0];
          if (!name.startsWith("__") && (KERNEL_OBJECT_MACROS.has(name) || KERNEL_FUNCTION_MACROS.has(name))) ctx.replace({ start: i, end: i + name.length }, `__${name}__`);
          i += name.length - 1;
          itemStart = false;
        } else if (c === "(") {
          depth++;
          itemStart = false;
        } else if (c === ")") {
          if (depth-- === 0) break;
        } else if (c === "," && depth === 0) itemStart = true;
        else if (!/\s/.test(c)) itemStart = false;
      }
    }
  },
});
