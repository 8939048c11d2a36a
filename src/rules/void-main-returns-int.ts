// `void main()` returns int: the init function it becomes must, and the C standard leaves the exit status of a void main() unspecified.
import { defineRule } from "../core/rule.js";
import { insertAtBodyEnd } from "./added-code.js";
import { descendants } from "../core/syntax.js";

export default defineRule({
  id: "void-main-returns-int",
  summary: "void main() becomes int main(), returning 0 where it returned nothing",
  explanation: [
    "Old books and some compilers' examples write `void main()`. gcc accepts it with a warning, and the status the process then ends with is unspecified: in practice whatever the last call left in a register (a printf()'s count of characters).",
    "The module's init function must return int, and 0 where it succeeded, so main() is given the return type int, each `return;` becomes `return 0;`, and a `return 0;` is added where its body ends without one.",
    "Nothing the program prints changes; only the status, which the program never chose, becomes success, and kernelize check does not compare it (it says so).",
  ].join(" "),
  docs: ["https://en.cppreference.com/w/c/language/main_function"],
  headers: [],
  safety: "safe",
  wantedIn: (text) => /\bvoid\s+main\s*\(/.test(text),
  run(ctx) {
    const { program, source } = ctx.facts;
    const main = program.main;
    const type = main?.node.childForFieldName("type");
    if (!main || program.isModule || type?.text !== "void" || main.returnsPointer) return;
    ctx.replace(type, "int");
    for (const r of descendants(main.body, "return_statement")) if (r.namedChildren.every((c) => c.type === "comment")) ctx.replace(r, "return 0;");
    const last = main.body.namedChildren.filter((c) => c.type !== "comment").at(-1);
    if (last?.type === "return_statement") return;
    insertAtBodyEnd(ctx, source, main, `${ctx.facts.style.indentUnit}return 0;\n`);
  },
});
