// Where one arm of an if/else chain has braces, every arm gets them (kernel style).
import type { Node } from "../core/syntax-tree.js";
import { defineRule } from "../core/rule.js";
import { kernelStyleOnly } from "./kernel-style.js";

export default defineRule({
  id: "if-arms-braced",
  summary: "where one arm of an if/else chain is a block, the single-statement arms become blocks too (kernel style)",
  explanation: [
    "The kernel's coding style leaves a single statement under an if or an else without braces, but not when another arm of the same if/else chain needs them: then every arm has braces, so that the arms read alike, and checkpatch --strict says so (\"braces {} should be used on all arms of this statement\").",
    "A chain gets an arm of several statements from the program, or from the port itself, which writes a failure path (`ret = -ENOMEM; goto out;`) where the program had one call; either way its other arms are braced here, and clang-format then lays the braces out.",
  ].join(" "),
  docs: ["https://docs.kernel.org/process/coding-style.html#placing-braces-and-spaces"],
  headers: [],
  safety: "safe",
  appliesTo: kernelStyleOnly,
  wantedIn: (text) => text.includes("else"),
  run(ctx) {
    for (const head of ctx.facts.program.root.descendantsOfType("if_statement")) {
      if (!head || head.parent?.type === "else_clause" || !head.childForFieldName("alternative")) continue;
      const arms = armsOf(head);
      if (!arms.some((a) => a.type === "compound_statement") || arms.every((a) => a.type === "compound_statement")) continue;
      for (const arm of arms) {
        if (arm.type === "compound_statement") continue;
        ctx.insert(arm.startIndex, "{ ");
        ctx.insert(arm.endIndex, " }");
      }
    }
  },
});

/** The statements an if/else if/else chain chooses between, in order. */
function armsOf(head: Node): Node[] {
  const arms: Node[] = [];
  for (let n: Node | null = head; n; ) {
    const consequence = n.childForFieldName("consequence");
    if (consequence) arms.push(consequence);
    const alternative: Node | null = n.childForFieldName("alternative");
    const next: Node | null = alternative?.namedChildren.find((c: Node) => c.type !== "comment") ?? null;
    if (next?.type === "if_statement") n = next;
    else {
      if (next) arms.push(next);
      n = null;
    }
  }
  return arms;
}
