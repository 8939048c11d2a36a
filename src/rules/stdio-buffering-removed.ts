// setvbuf(), setbuf(), setbuffer() and setlinebuf() on stdout or stderr go: the kernel log has no stdio buffer to set up.
import type { Node } from "../core/syntax-tree.js";
import { defineRule, type RuleContext } from "../core/rule.js";
import { callArguments, declaratorName, descendants, namedChildren, unparenthesize } from "../core/syntax.js";
import { wordOffsets } from "../core/words.js";
import { streamOf } from "./output-lines.js";
import { removeStatement } from "./statements.js";

export default defineRule({
  id: "stdio-buffering-removed",
  summary: "setvbuf(), setbuf(), setbuffer() and setlinebuf() on stdout or stderr are removed; where setvbuf()'s value is used, it becomes 0",
  explanation: [
    "stdio keeps a buffer for each stream and decides when to write it out: after every character (unbuffered, _IONBF), at each '\\n' (line buffered, _IOLBF, stdout on a terminal) or when it is full (_IOFBF, stdout into a pipe or a file). setvbuf() and its shorter forms choose the mode, and may hand stdio a buffer of the program's own; programs call them so that output shows at once, or to make it faster.",
    "In a module stdout and stderr become the kernel log, which keeps records, not bytes: each line the program prints is logged as one record when its '\\n' arrives (a line left open is logged when init returns), whatever mode the program chose. There is no mode to set and no buffer to give, so the call goes, and a buffer the program passed stays its own, unused.",
    "A buffer declared only to be handed to the call (`static char buf[BUFSIZ];`) goes with it, since nothing else uses it. Where setvbuf()'s result is tested it becomes 0, its success: setting up a buffer that does not exist cannot fail. Any other stream is a file, which a module does not have.",
  ].join(" "),
  docs: ["https://docs.kernel.org/core-api/printk-basics.html", "https://en.cppreference.com/w/c/io/setvbuf"],
  headers: [],
  safety: "safe",
  calls: ["setvbuf", "setbuf", "setbuffer", "setlinebuf"],
  rewrite({ call, name }, ctx) {
    const stream = callArguments(call)[0];
    if (!streamOf(stream)) {
      ctx.report("K3003", `${name}() on ${stream?.text ?? "a stream"}, which is neither stdout nor stderr`, stream ?? call, {
        note: "a module has no files: only stdout and stderr have a kernel counterpart (the log); keep the file's buffering out of the program",
      });
      return;
    }
    const buffer = callArguments(call)[1];
    if (buffer) removeOnlyUse(ctx, call, unparenthesize(buffer));
    const statement = call.parent;
    if (statement?.type === "expression_statement") removeStatement(ctx, statement);
    // Only setvbuf() has a value (the others return nothing): its success.
    else ctx.replace(call, name === "setvbuf" ? "0" : "(void)0");
  },
});

/**
 * Removes the declaration of the buffer the call was handed, where that call was its only use:
 * outside the call the name occurs once in the text, and a declaration of that name alone stands
 * in the function around the call or at file scope.
 */
function removeOnlyUse(ctx: RuleContext, call: Node, buffer: Node): void {
  const { program, source } = ctx.facts;
  if (buffer.type !== "identifier") return;
  // Every mention outside the call (its size may name it too, `sizeof(buf)`) is the declaration's.
  if (wordOffsets(source, buffer.text).filter((at) => at < call.startIndex || at >= call.endIndex).length !== 1) return;
  const scope = program.functions.enclosing(call.startIndex)?.node;
  const declarations = [...(scope ? descendants(scope, "declaration") : []), ...namedChildren(program.root).filter((n) => n.type === "declaration")];
  const declaration = declarations.find((d) => {
    const declarators = d.childrenForFieldName("declarator").filter((x): x is Node => x !== null);
    return declarators.length === 1 && declaratorName(declarators[0]!)?.text === buffer.text && !declarators[0]!.text.includes("(");
  });
  if (declaration && (declaration.parent?.type === "compound_statement" || declaration.parent?.type === "translation_unit")) removeStatement(ctx, declaration);
}
