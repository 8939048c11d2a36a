// free passed as a value (`list_destroy(l, free)`, `void (*drop)(void *) = free;`) becomes a function of free()'s own type that frees as the port frees.
import { allocationSizes } from "../analysis/allocation-sizes.js";
import { defineRule } from "../core/rule.js";
import { lineStartOf } from "../core/syntax.js";
import { freshName, inProgramIndent, wordsOf } from "./added-code.js";
import { topLevelAt } from "./library-definitions.js";
import { codeTokens } from "./tokens.js";

export default defineRule({
  id: "free-references-to-callback",
  summary: "free used as a value, a callback (list_destroy(l, free)), becomes free_callback, a function with free()'s type that calls kfree() (or kvfree())",
  explanation: [
    "Containers written in C take the function that frees their elements as a parameter, and programs pass free itself: list_destroy(l, free).",
    "In the module there is no free(): its calls become kfree() or kvfree(), but a reference to the function needs a function, and kfree() takes a const void *, so it does not have the type void (*)(void *) the program's parameter declares, which the compiler reports.",
    "So the module gets a small function with free()'s exact type, void free_callback(void *p), which frees the way every other free() of the port does, and the program passes that.",
  ].join(" "),
  docs: ["https://docs.kernel.org/core-api/mm-api.html#c.kfree"],
  headers: ["linux/slab.h"],
  safety: "safe",
  wantedIn: (text) => /\bfree\b(?!\s*\()/.test(text),
  run(ctx) {
    const { program, source } = ctx.facts;
    if (program.functions.has("free") || program.macros.has("free")) return;
    const references = codeTokens(program.root, source, /\bfree\b/g).filter((t) => {
      if (!program.isCompiled(t.start)) return false;
      const node = program.root.descendantForIndex(t.start, t.end);
      if (node.type !== "identifier" || node.startIndex !== t.start || node.endIndex !== t.end) return false;
      const parent = node.parent;
      return !(parent?.type === "call_expression" && parent.childForFieldName("function")?.id === node.id);
    });
    if (references.length === 0) return;
    const name = freshName(["free_callback", "free_memory"], wordsOf(source));
    const release = allocationSizes(program).anyKv ? "kvfree" : "kfree";
    const top = topLevelAt(program.root, references[0]!.start);
    const definition = inProgramIndent(ctx, `/* free() as a function to pass: the type a callback that frees expects. */\nstatic void ${name}(void *p)\n{\n\t${release}(p);\n}\n`);
    ctx.insert(lineStartOf(source, top?.startIndex ?? 0), `${definition}\n`);
    for (const r of references) ctx.replace(r, name);
  },
});
