// `[[deprecated]]` and `__attribute__((deprecated))` go: in a module the program is its own only user, and each use would be a build warning.
import type { Node } from "../core/syntax-tree.js";
import { defineRule, type RuleContext } from "../core/rule.js";
import { namedChildren } from "../core/syntax.js";

export default defineRule({
  id: "deprecated-attributes-removed",
  summary: "[[deprecated]] and __attribute__((deprecated)) are removed: the module is the program's only user, and every use would warn",
  explanation: [
    "A deprecated attribute changes nothing a program does: it asks the compiler to warn wherever the function, variable or type is used, to tell the other users of a library to move on.",
    "A module built from the program has no other users, and the program's own calls to what it deprecated would each be a warning in the kernel's build (-Wdeprecated-declarations), where a port must build without one.",
    "So the attribute goes, and with it only the warnings; the declarations themselves, and what the program does, stay as they were.",
  ].join(" "),
  docs: ["https://gcc.gnu.org/onlinedocs/gcc/Common-Function-Attributes.html#index-deprecated-function-attribute"],
  headers: [],
  safety: "safe",
  appliesTo: (_target, source) => /\bdeprecated\b/.test(source),
  run(ctx) {
    removeAttributes(ctx, /^(?:__)?deprecated(?:__)?$/);
  },
});

/**
 * Removes each attribute list (`[[…]]`, `__attribute__((…))`) whose every attribute's name matches
 * `names`, with the blanks after it, or its whole line where it stood alone.
 */
export function removeAttributes(ctx: RuleContext, names: RegExp, options: { fromLists?: boolean } = {}): void {
  const { program, source } = ctx.facts;
  // A macro that stands for the attribute (`#define NORETURN __attribute__((noreturn))`): its body
  // goes, so that every use of it is nothing.
  for (const m of source.matchAll(/^[ \t]*#[ \t]*define[ \t]+[A-Za-z_]\w*([ \t]+__attribute__\s*\(\(\s*(\w+)\s*\)\))[ \t]*$/gm)) {
    if (!names.test(m[2]!) || !program.isCompiled(m.index)) continue;
    const start = m.index + m[0].lastIndexOf(m[1]!);
    ctx.remove({ start, end: start + m[1]!.length });
  }
  for (const node of program.root.descendantsOfType(["attribute_declaration", "attribute_specifier"])) {
    if (!node || !program.isCompiled(node.startIndex)) continue;
    if (!onlyNamed(node, names)) {
      if (!options.fromLists) continue;
      // `__attribute__((noreturn, format(printf, 1, 2)))`: the one attribute goes with its comma, the others stay.
      for (const item of namedAmong(node, names)) {
        const next = item.nextSibling;
        const previous = item.previousSibling;
        if (next?.type === ",") ctx.remove({ start: item.startIndex, end: source.slice(next.endIndex).match(/^[ \t]*/)![0].length + next.endIndex });
        else if (previous?.type === ",") ctx.remove({ start: previous.startIndex, end: item.endIndex });
      }
      continue;
    }
    // The attribute with the blanks after it, and its line where it stood alone.
    let end = node.endIndex;
    while (source[end] === " " || source[end] === "\t") end++;
    const lineStart = source.lastIndexOf("\n", node.startIndex - 1) + 1;
    const alone = /^[ \t]*$/.test(source.slice(lineStart, node.startIndex)) && (source[end] === "\n" || source.startsWith("\r\n", end));
    if (alone) ctx.remove({ start: lineStart, end: end + (source[end] === "\r" ? 2 : 1) });
    else if (/[;,)=]/.test(source[end] ?? "")) {
      // After a declarator (`int h(void) __attribute__((deprecated));`): the blanks before it go.
      let start = node.startIndex;
      while (start > lineStart && (source[start - 1] === " " || source[start - 1] === "\t")) start--;
      ctx.remove({ start, end: node.endIndex });
    } else ctx.remove({ start: node.startIndex, end });
  }
}

/** The attributes `names` matches in a list that holds others too: each item of `__attribute__((a, b(1)))`, each of `[[a, b]]`. */
function namedAmong(node: Node, names: RegExp): Node[] {
  const items = node.type === "attribute_declaration" ? namedChildren(node).filter((c) => c.type === "attribute") : namedChildren(namedChildren(node).find((c) => c.type === "argument_list") ?? node).filter((c) => c.type !== "comment" && c.id !== node.id);
  return items.filter((n) => {
    const name = n.type === "attribute" ? n.childForFieldName("name") : n.type === "call_expression" ? n.childForFieldName("function") : n;
    return name !== null && names.test(name.text);
  });
}

/** `[[deprecated]]`, `[[gnu::deprecated("…")]]`, `__attribute__((deprecated))`: nothing but attributes `names` matches in it. */
function onlyNamed(node: Node, names: RegExp): boolean {
  const isDeprecated = (n: Node) => {
    const name = n.type === "attribute" ? n.childForFieldName("name") : n.type === "call_expression" ? n.childForFieldName("function") : n;
    return name !== null && names.test(name.text);
  };
  if (node.type === "attribute_declaration") {
    const attributes = namedChildren(node).filter((c) => c.type === "attribute");
    return attributes.length > 0 && attributes.every(isDeprecated);
  }
  const list = namedChildren(node).find((c) => c.type === "argument_list");
  const items = list ? namedChildren(list).filter((c) => c.type !== "comment") : [];
  return items.length > 0 && items.every(isDeprecated);
}
