// atexit() keeps its calls: the module keeps the registered functions in a table, as the C library does.
import type { Node } from "../core/syntax-tree.js";
import { defineRule } from "../core/rule.js";
import { calleeName, namedChildren } from "../core/syntax.js";
import { freshName, includeHeaders, wordsOf } from "./added-code.js";

/** POSIX's ATEXIT_MAX is at least 32: the C library accepts that many registrations at the very least. */
const ATEXIT_MAX = 32;
/** Ends of the process that skip the functions atexit() registered. */
const SKIPS_HANDLERS = new Set(["_Exit", "_exit", "abort"]);


export default defineRule({
  id: "atexit-defined",
  summary: "atexit() and at_quick_exit() keep their calls: the module defines them with tables of functions that run, last registered first, when the program would have ended",
  explanation: [
    "When a program ends through exit() or by returning from main(), the C library calls every function atexit() registered, the last registered first; _Exit(), _exit() and abort() end it without calling them.",
    "The kernel has no process to end, but the module's init function ends where the program did, so the module defines atexit() the way the C library does: a table of up to 32 function pointers (the least POSIX allows), filled in registration order, and a function that empties it from the end, calling each one.",
    "That function runs when init returns, whatever it returns, as exit() ran the handlers whatever the status; where the program called _Exit(), _exit() or abort(), the table is emptied first, so nothing runs, as in the program.",
    "at_quick_exit() gets a table of its own, run where the program called quick_exit(), which then skips the atexit() ones like _Exit().",
  ].join(" "),
  docs: ["https://man7.org/linux/man-pages/man3/atexit.3.html", "https://pubs.opengroup.org/onlinepubs/9699919799/functions/atexit.html"],
  headers: ["linux/kernel.h"],
  safety: "safe",
  handles: ["atexit", "at_quick_exit"],
  wantedIn: (text) => /\bat(?:_quick_)?exit\s*\(/.test(text),
  run(ctx) {
    const { program, source } = ctx.facts;
    const calls = program.root.descendantsOfType("call_expression").filter((c): c is Node => c !== null);
    const used = (name: string) => !program.functions.get(name) && calls.some((c) => calleeName(c) === name);
    const normal = used("atexit");
    const quick = used("at_quick_exit");
    if (!normal && !quick) return;
    const firstFunction = namedChildren(program.root).find((n) => n.type === "function_definition");
    if (!firstFunction) return;
    const taken = wordsOf(source);
    const table = freshName(["atexit_handlers"], taken);
    const count = freshName(["atexit_count"], taken);
    const run = freshName(["run_atexit_handlers"], taken);
    const quickTable = freshName(["at_quick_exit_handlers"], taken);
    const quickCount = freshName(["at_quick_exit_count"], taken);
    const quickRun = freshName(["run_at_quick_exit_handlers"], taken);

    // An end that skips the handlers empties the table first (it is a statement of its own in a block).
    for (const call of calls) {
      const name = calleeName(call) ?? "";
      if (!SKIPS_HANDLERS.has(name) && !(name === "quick_exit" && quick)) continue;
      const statement = call.parent;
      if (statement?.type !== "expression_statement" || statement.parent?.type !== "compound_statement") {
        ctx.report("K1003", `${calleeName(call)}() here ends the program without the functions atexit() registered (or runs the at_quick_exit() ones), and kernelize can arrange that only before a statement of its own`, call, {
          note: "put the call in braces, as a statement of its own",
        });
        continue;
      }
      // At the start of its line: the exit's own port may rewrite the statement with its indentation.
      const lineStart = source.lastIndexOf("\n", statement.startIndex - 1) + 1;
      const indent = source.slice(lineStart, statement.startIndex);
      const ownLine = /^\s*$/.test(indent);
      // quick_exit() runs what at_quick_exit() registered, and then, like _Exit(), not the others.
      const steps = [...(name === "quick_exit" ? [`${quickRun}();`] : []), ...(normal ? [`${count} = 0;`] : [])];
      if (ownLine) ctx.insert(lineStart, steps.map((step) => `${indent}${step}\n`).join(""));
      else ctx.insert(statement.startIndex, steps.map((step) => `${step} `).join(""));
    }

    includeHeaders(ctx, ["linux/kernel.h"]);
    // Above the first function and the comment that introduces it.
    let at = firstFunction;
    while (at.previousSibling?.type === "comment" && at.previousSibling.endPosition.row + 1 >= at.startPosition.row) at = at.previousSibling;
    ctx.insert(at.startIndex, [...(normal ? handlerTable("atexit", "exit()", table, count, run) : []), ...(quick ? handlerTable("at_quick_exit", "quick_exit()", quickTable, quickCount, quickRun) : [])].join("\n"));
  },
});

/** A registration function of the C library's and the function that runs what it registered. */
function handlerTable(register: string, runner: string, table: string, count: string, run: string): string[] {
  return [
    `/* The functions ${register}() registered, in the order it registered them. */`,
    `static void (*${table}[${ATEXIT_MAX}])(void);`,
    `static int ${count};`,
    "",
    `static int ${register}(void (*function)(void))`,
    "{",
    `\tif (${count} == ARRAY_SIZE(${table}))`,
    "\t\treturn -1;",
    `\t${table}[${count}++] = function;`,
    "\treturn 0;",
    "}",
    "",
    `/* What ${runner} does before the process ends: the last registered runs first. */`,
    `static void ${run}(void)`,
    "{",
    `\twhile (${count} > 0)`,
    `\t\t${table}[--${count}]();`,
    "}",
    "",
    "",
  ];
}
