// Edits that several call-mapping rules make: adding an argument after the last one.
import type { Node } from "../core/syntax-tree.js";
import type { RuleContext } from "../core/rule.js";
import { callArguments } from "../core/syntax.js";

/** Appends `, arg` right after a call's last argument, leaving its spacing and comments alone. */
export function appendArgument(ctx: RuleContext, call: Node, argument: string): void {
  // The last named child is the last argument unless a comment trails it; only then list them all.
  const list = call.lastNamedChild;
  const tail = list?.type === "argument_list" ? list.lastNamedChild : null;
  const last = tail && tail.type !== "comment" ? tail : callArguments(call).at(-1);
  if (last) ctx.insert(last.endIndex, `, ${argument}`);
  else ctx.insert(call.childForFieldName("arguments")!.endIndex - 1, argument);
}
