// A FILE * that is only ever stdout or stderr (`print_row(stdout, …)`, `FILE *out = quiet ? stderr : stdout;`): each output call on it becomes a choice between the call on stderr and the call on stdout.
import type { Node } from "../core/syntax-tree.js";
import { STREAM_OPENERS } from "../analysis/refusals.js";
import { defineRule } from "../core/rule.js";
import { callArguments, unparenthesize } from "../core/syntax.js";
import { freshName, wordsOf } from "./added-code.js";
import { defineWhereUsed } from "./library-definitions.js";
import { streamOf, valueDiscarded } from "./output-lines.js";
import { codeTokens } from "./tokens.js";

/** The output calls that take a stream, with where it is. */
const STREAM_AT: ReadonlyMap<string, number> = new Map([
  ["fprintf", 0],
  ["vfprintf", 0],
  ["fputs", 1],
  ["fputc", 1],
  ["putc", 1],
  ["fwrite", 3],
  ["fflush", 0],
]);

export default defineRule({
  id: "stream-variables-split",
  summary: "a FILE * that is only ever stdout or stderr: each output call on it becomes (out == stderr ? the call on stderr : the call on stdout), and FILE a type of the module's",
  explanation: [
    "Programs pass the stream they print to as a value: a print_row(FILE *out, …) called with stdout, a logger's `FILE *out = level >= WARN ? stderr : stdout;`. A module has no stdio and no FILE, but the two streams it stands for become the kernel log's two levels, each call on a named stream ported for its own (pr_info() or pr_err(), or the stream's line buffer).",
    "Where the program opens no file (fopen() and its relatives are refused for themselves), a FILE * can only be stdout or stderr. So each output call on a stream variable becomes a choice between the same call on stderr and on stdout, `(out == stderr ? fprintf(stderr, …) : fprintf(stdout, …))`, of which only one runs, with the arguments evaluated once; each is then ported as any call on a named stream.",
    "A stream chosen where it is written, `fprintf(status ? stderr : stdout, …)`, becomes the same choice between the two calls, `status ? fprintf(stderr, …) : fprintf(stdout, …)`.",
    "The values themselves only need to be told apart: FILE becomes an incomplete struct of the module's, never read through, and stdout and stderr two distinct addresses of it.",
  ].join(" "),
  docs: ["https://en.cppreference.com/w/c/io/std_streams", "https://docs.kernel.org/core-api/printk-basics.html"],
  headers: [],
  safety: "safe",
  wantedIn: (text) => /\bFILE\b|\?\s*std(?:err|out)\s*:/.test(text),
  run(ctx) {
    const { program, source } = ctx.facts;
    // A stream chosen where it is written (`fprintf(status ? stderr : stdout, …)`): the choice of
    // two calls on named streams, with no FILE * to name at all.
    for (const { call, callee, name } of program.libraryCallsNamed(new Set(STREAM_AT.keys()))) {
      const args = callArguments(call);
      const at = STREAM_AT.get(name)!;
      const chosen = args[at] ? unparenthesize(args[at]!) : undefined;
      if (chosen?.type !== "conditional_expression") continue;
      const arms = [chosen.childForFieldName("consequence"), chosen.childForFieldName("alternative")].map((a) => (a ? unparenthesize(a).text : ""));
      const condition = chosen.childForFieldName("condition");
      if (!condition || !arms.every((a) => a === "stdout" || a === "stderr")) continue;
      const on = onStream(callee, args, at);
      ctx.replace(call, asChoice(call, `${condition.text} ? ${on(arms[0]!)} : ${on(arms[1]!)}`));
    }
    if (program.libraryCallsNamed(STREAM_OPENERS).length > 0 || program.macros.has("FILE")) return;
    const types = codeTokens(program.root, source, /\bFILE\b/g).filter((t) => program.isCompiled(t.start) && t.node.type === "type_identifier");
    if (types.length === 0) return;
    const taken = wordsOf(source);
    const struct = freshName(["program_stream"], taken);
    for (const t of types) ctx.replace(t, `struct ${struct}`);
    for (const { call, callee, name } of program.libraryCallsNamed(new Set(STREAM_AT.keys()))) {
      const args = callArguments(call);
      const at = STREAM_AT.get(name)!;
      const stream = args[at];
      if (!stream || streamOf(stream) || !plainValue(stream)) continue;
      const on = onStream(callee, args, at);
      ctx.replace(call, asChoice(call, `${stream.text} == stderr ? ${on("stderr")} : ${on("stdout")}`));
    }
    const text = `/* A FILE * is only ever stdout or stderr here: two addresses that tell them apart, never read through. */\nstruct ${struct};\n#define stdout ((struct ${struct} *)1)\n#define stderr ((struct ${struct} *)2)\n`;
    defineWhereUsed(ctx, [{ functions: [], text, uses: [types[0]!.start] }]);
  },
});

/** The call as written, on the named stream `s` in the stream's place. */
function onStream(callee: Node, args: readonly Node[], at: number): (s: string) => string {
  return (s) => `${callee.text}(${args.map((a, i) => (i === at ? s : a.text)).join(", ")})`;
}

/** The choice of two calls, in parentheses unless it is a statement's whole expression. */
function asChoice(call: Node, choice: string): string {
  return valueDiscarded(call) && call.parent?.type === "expression_statement" ? choice : `(${choice})`;
}

/** A stream named without side effects (`out`, `log->out`, `streams[i]`), which the choice may read twice. */
function plainValue(node: Node): boolean {
  const n = unparenthesize(node);
  switch (n.type) {
    case "identifier":
      return n.text !== "stdin";
    case "field_expression":
      return plainValue(n.childForFieldName("argument")!);
    case "subscript_expression":
      return plainValue(n.childForFieldName("argument")!) && plainValue(n.childForFieldName("index")!);
    case "pointer_expression":
      return n.childForFieldName("operator")?.text === "*" && plainValue(n.childForFieldName("argument")!);
    default:
      return false;
  }
}
