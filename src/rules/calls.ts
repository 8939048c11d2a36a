// Edits that several call-mapping rules make: adding an argument after the last one.
import type { Node } from "web-tree-sitter";
import type { RuleContext } from "../core/rule.js";
import { callArguments } from "../core/syntax.js";

/** Appends `, arg` right after a call's last argument, leaving its spacing and comments alone. */
export function appendArgument(ctx: RuleContext, call: Node, argument: string): void {
  const args = callArguments(call);
  const last = args.at(-1);
  if (last) ctx.insert(last.endIndex, `, ${argument}`);
  else ctx.insert(call.childForFieldName("arguments")!.endIndex - 1, argument);
}
