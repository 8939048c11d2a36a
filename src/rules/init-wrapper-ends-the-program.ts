// The init function that was main() runs inside a wrapper that ends the program as the C library would: the atexit() handlers, then the output left on unfinished lines.
import type { Node } from "../core/syntax-tree.js";
import { defineRule } from "../core/rule.js";
import { hasWord, wordOffsets } from "../core/words.js";
import { freshName, wordsOf } from "./added-code.js";
import { FLUSH_FUNCTION } from "./output-line-buffers.js";

export default defineRule({
  id: "init-wrapper-ends-the-program",
  summary: "where the program registers atexit() handlers or leaves output in a line buffer, init becomes a wrapper that runs the program's main() and then ends the program: the handlers, then the buffered output",
  explanation: [
    "When main() returns, or inside exit(), the C library ends the program in a fixed order: first the functions atexit() registered, last registered first, then stdio flushes what is still in its buffers (a last line printed without \\n).",
    "In the module, every way the program could end (a return from main(), an exit() deep in a helper) already comes back to the init function as its return value. So the function that was main() gets a name of its own, and the init function the kernel calls becomes a few lines: call it, run the handlers, log what the line buffers still hold, return what it returned.",
    "This runs once, after all of main()'s output, on success and on failure alike, and the module's load result is the program's exit status as before.",
  ].join(" "),
  docs: ["https://man7.org/linux/man-pages/man3/exit.3.html"],
  headers: [],
  safety: "safe",
  wantedIn: (text) => /\bstatic int atexit\(void \(\*function\)\(void\)\)/.test(text) || FLUSH_FUNCTION.test(text),
  run(ctx) {
    const { program, names, source } = ctx.facts;
    const init = initFunction(program.root, source, names.init);
    if (!init) return;
    const run = atexitRunner(program);
    const flush = FLUSH_FUNCTION.exec(source)?.[1];
    const ends = [run, flush].filter((f): f is string => f !== undefined);
    // What init already does is not done again: a module that already is a port ends the program
    // in its init, and where the allocation tracker frees what the atexit() handlers left, main()
    // runs them itself, before that (main-to-module-init).
    const left = ends.filter((f) => !callsFunction(init.bodyText, f));
    if (left.length === 0) return;
    const main = freshName([names.init.replace(/_init$/, "_main"), `${names.prefix}program_main`], wordsOf(source));
    const specifiers = source.slice(init.start, init.nameStart);
    // The program's main() is called from init alone: static, so that nothing outside the file can
    // (and W=1's -Wmissing-prototypes has nothing to say about it), whatever init's own linkage.
    if (!hasWord(specifiers, "static")) ctx.insert(init.start, "static ");
    ctx.replace({ start: init.nameStart, end: init.nameStart + names.init.length }, main);
    ctx.insert(
      init.end,
      [
        "",
        "",
        left.length === 2
          ? "/* main() has returned: the atexit() handlers, then the output left. */"
          : left[0] === run
            ? "/* main() has returned: now the functions atexit() registered run. */"
            : "/* main() has returned: log what is left of its output. */",
        `${specifiers}${names.init}(void)`,
        "{",
        `\tint ret = ${main}();`,
        "",
        ...left.map((f) => `\t${f}();`),
        "\treturn ret;",
        "}",
      ].join("\n"),
    );
  },
});

/** The function atexit-defined wrote: the one that empties atexit()'s table from its end. */
export function atexitRunner(program: import("../analysis/program.js").ProgramFacts): string | undefined {
  const atexit = program.functions.get("atexit");
  if (!atexit) return undefined;
  const table = /(\w+)\[\w+\+\+\] = function;/.exec(atexit.body.text)?.[1];
  if (!table) return undefined;
  // Any table's name, then compared: no pattern is made of the program's names.
  const empties = (body: string) => /^\{\s*while \(\w+ > 0\)\s*(\w+)\[--\w+\]\(\);\s*\}$/.exec(body)?.[1] === table;
  return program.functions.names().find((n) => empties(program.functions.get(n)!.body.text));
}

function callsFunction(body: string, name: string): boolean {
  return wordOffsets(body, name).some((at) => /^\s*\(/.test(body.slice(at + name.length)));
}

/**
 * The init function, found by its name and its body: the grammar does not know the kernel's
 * section annotations (`static int __init NAME_init(void)` reads as two declarations), but the
 * body is still one block.
 */
function initFunction(root: Node, source: string, name: string): { start: number; nameStart: number; end: number; bodyText: string } | undefined {
  // Any name defined with (void) at the start of a line, then the one asked for: the pattern holds no name of the program's.
  const m = [...source.matchAll(/^([^\n;{}()]*?)\b([A-Za-z_]\w*)\s*\(\s*void\s*\)\s*\{/gm)].find((d) => d[2] === name);
  if (!m) return undefined;
  let start = m.index;
  // GNU's layout puts the type on a line of its own (`int\nmain(void)`): a line before the name's
  // of words alone (a type, static, __init) is the definition's too.
  if (m[1]!.trim() === "" && start > 0) {
    const lineStart = source.lastIndexOf("\n", start - 2) + 1;
    if (/^[ \t]*[A-Za-z_][\w \t]*\n$/.test(source.slice(lineStart, start))) start = lineStart;
  }
  const brace = m.index + m[0].length - 1;
  let body: Node | null = root.descendantForIndex(brace);
  while (body && !(body.type === "compound_statement" && body.startIndex === brace)) body = body.parent;
  if (!body) return undefined;
  return { start, nameStart: m.index + m[1]!.length, end: body.endIndex, bodyText: body.text };
}
