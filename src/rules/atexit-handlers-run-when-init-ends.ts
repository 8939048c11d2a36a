// The init function that was main() runs inside a wrapper that calls the atexit() handlers when it returns.
import type { Node } from "web-tree-sitter";
import { defineRule } from "../core/rule.js";
import { freshName, wordsOf } from "./added-code.js";
import { wordOffsets } from "../core/words.js";

export default defineRule({
  id: "atexit-handlers-run-when-init-ends",
  summary: "where the program registers atexit() handlers, init becomes a wrapper that runs the program's main() and then the handlers",
  explanation: [
    "The C library runs the atexit() handlers after main() has returned, or inside exit(), after everything main() printed and whatever status it chose.",
    "In the module, every way the program could end (a return from main(), an exit() deep in a helper) already comes back to the init function as its return value. So the function that was main() gets a name of its own, and the init function the kernel calls becomes three lines: call it, run the handlers, return what it returned.",
    "The handlers therefore run once, after all of main()'s output, on success and on failure alike, and the module's load result is the program's exit status as before.",
  ].join(" "),
  docs: ["https://man7.org/linux/man-pages/man3/exit.3.html"],
  headers: [],
  safety: "safe",
  wantedIn: (text) => /\bstatic int atexit\(void \(\*function\)\(void\)\)/.test(text),
  run(ctx) {
    const { program, names, source } = ctx.facts;
    const init = initFunction(program.root, source, names.init);
    const atexit = program.functions.get("atexit");
    if (!init || !atexit) return;
    // The function atexit-defined wrote: the one that empties atexit()'s table from its end.
    const table = /(\w+)\[\w+\+\+\] = function;/.exec(atexit.body.text)?.[1];
    const empties = (body: string) => /^\{\s*while \(\w+ > 0\)\s*(\w+)\[--\w+\]\(\);\s*\}$/.exec(body)?.[1] === table;
    const run = table && program.functions.names().find((n) => empties(program.functions.get(n)!.body.text));
    // A module that already is a port: its init already runs them.
    if (!run || wordOffsets(init.bodyText, run).some((at) => /^\s*\(/.test(init.bodyText.slice(at + run.length)))) return;
    const main = freshName([names.init.replace(/_init$/, "_main"), `${names.prefix}program_main`], wordsOf(source));
    const specifiers = source.slice(init.start, init.nameStart);
    ctx.replace({ start: init.nameStart, end: init.nameStart + names.init.length }, main);
    ctx.insert(
      init.end,
      [
        "",
        "",
        "/* main() has returned: now the functions atexit() registered run. */",
        `${specifiers}${names.init}(void)`,
        "{",
        `\tint ret = ${main}();`,
        "",
        `\t${run}();`,
        "\treturn ret;",
        "}",
      ].join("\n"),
    );
  },
});

/**
 * The init function, found by its name and its body: the grammar does not know the kernel's
 * section annotations (`static int __init NAME_init(void)` reads as two declarations), but the
 * body is still one block.
 */
function initFunction(root: Node, source: string, name: string): { start: number; nameStart: number; end: number; bodyText: string } | undefined {
  // Any name defined with (void) at the start of a line, then the one asked for: the pattern holds no name of the program's.
  const m = [...source.matchAll(/^([^\n;{}()]*?)\b([A-Za-z_]\w*)\s*\(\s*void\s*\)\s*\{/gm)].find((d) => d[2] === name);
  if (!m) return undefined;
  const brace = m.index + m[0].length - 1;
  let body: Node | null = root.descendantForIndex(brace);
  while (body && !(body.type === "compound_statement" && body.startIndex === brace)) body = body.parent;
  if (!body) return undefined;
  return { start: m.index, nameStart: m.index + m[1]!.length, end: body.endIndex, bodyText: body.text };
}
