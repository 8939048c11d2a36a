// A main() that calls itself becomes a recursive function of the program's, called once by a main() of two lines: the later phases make that main() init, which the kernel calls once.
import { defineRule } from "../core/rule.js";
import type { Node } from "../core/syntax-tree.js";
import { wordOffsets } from "../core/words.js";
import { freshName, wordsOf } from "./added-code.js";

export default defineRule({
  id: "recursive-main-split",
  summary: "a main() that calls itself keeps its body in a function of its own, recursive as before, which a new main() calls once",
  explanation: [
    "C lets main() call itself (`return main(argc - 1, argv);`), a classic of recursion exercises. The port makes main() the module's init function, which the kernel calls once, with no arguments: it cannot be called again with a different argc.",
    "So main()'s body moves, unchanged, into a function of the program's own with main()'s parameters and return type (static, named after it), and every call of main() in the program calls that function instead; a new main() of two lines calls it with its own arguments and returns what it returned.",
    "The program does exactly what it did: the first call is main()'s, each level after it a call of the same code. The later phases port the new main() as any other (its arguments become module parameters) and the recursive function as any helper (its depth checked against the kernel's stack, its exits made error returns).",
  ].join(" "),
  docs: ["https://en.cppreference.com/w/c/language/main_function"],
  headers: [],
  safety: "safe",
  wantedIn: (text) => /\bmain\s*\([^)]*\)[\s\S]*\bmain\s*\(/.test(text),
  run(ctx) {
    const { program, source } = ctx.facts;
    const main = program.main;
    if (!main || program.isModule) return;
    // Each call found from its name in the text: only the paths to them are read of the tree.
    const calls: Node[] = [];
    for (const at of wordOffsets(source, "main")) {
      const name = program.root.descendantForIndex(at, at + 4);
      const call = name.parent;
      if (name.type === "identifier" && call?.type === "call_expression" && call.childForFieldName("function")?.id === name.id && program.isCompiled(call.startIndex)) calls.push(call);
    }
    if (calls.length === 0) return;
    // Each parameter needs its name, for the new main() to pass it on (`int main(int, char **)` has none).
    const declared = main.parameters.namedChildren.filter((p) => p.type === "parameter_declaration" && p.text !== "void");
    if (declared.length !== main.parameterNames.length) return;
    const body = freshName(["main_recursive", "program_main"], wordsOf(source));
    const header = source.slice(main.node.startIndex, main.body.startIndex).trimEnd();
    const nameAt = main.nameNode.startIndex;
    const isStatic = /\bstatic\b/.test(source.slice(main.node.startIndex, nameAt));
    ctx.replace(main.nameNode, body);
    if (!isStatic) ctx.insert(main.node.startIndex, "static ");
    for (const c of calls) ctx.replace(c.childForFieldName("function")!, body);
    const call = `${body}(${main.parameterNames.join(", ")})`;
    const indent = ctx.facts.style.indentUnit;
    // The status in a variable of its own: the call can end the program (the recursion's stack
    // check), and the exits are checked in statements.
    const taken = wordsOf(source).add(body);
    for (const p of main.parameterNames) taken.add(p);
    const status = freshName(["status"], taken);
    const statements = main.returnType === "void" ? `${indent}${call};\n` : `${indent}int ${status} = ${call};\n\n${indent}return ${status};\n`;
    ctx.insert(main.node.endIndex, `\n\n${header}\n{\n${statements}}`);
  },
});
