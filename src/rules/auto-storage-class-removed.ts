// The storage class `auto` goes: every local variable is automatic already, and the kernel's headers make `auto` mean __auto_type.
import { defineRule } from "../core/rule.js";

export default defineRule({
  id: "auto-storage-class-removed",
  summary: "the storage class auto is removed from declarations: a local variable is automatic without it, and the kernel defines auto as __auto_type",
  explanation: [
    "In C before C23, `auto` is a storage class that says what every local variable already is: automatic, made when its block is entered and gone when it is left. It changes nothing, and programs written from old books still spell it (`auto int i;`).",
    "The kernel's <linux/compiler_types.h> defines `auto` as GCC's `__auto_type`, which infers a variable's type from its initial value, as C23's `auto` does: with a type beside it, `auto int i` becomes `__auto_type int i`, which GCC rejects (\"two or more data types in declaration specifiers\"), and the module does not build.",
    "So the word goes, with the blank after it; the declaration means what it meant in the program.",
  ].join(" "),
  docs: ["https://en.cppreference.com/w/c/language/storage_duration", "https://elixir.bootlin.com/linux/v6.1/source/include/linux/compiler_types.h"],
  headers: [],
  safety: "safe",
  appliesTo: (_target, source) => /\bauto\b/.test(source),
  run(ctx) {
    const { program, source } = ctx.facts;
    for (const node of program.root.descendantsOfType("storage_class_specifier")) {
      if (node.text !== "auto" || !program.isCompiled(node.startIndex)) continue;
      let end = node.endIndex;
      while (source[end] === " " || source[end] === "\t") end++;
      ctx.remove({ start: node.startIndex, end });
    }
  },
});
