// The init function is marked __init and the exit function __exit (kernel style).
import type { Node } from "../core/syntax-tree.js";
import { defineRule, type RuleContext } from "../core/rule.js";
import { functionDeclarator } from "../core/syntax.js";
import { hasWord } from "../core/words.js";
import { kernelStyleOnly } from "./kernel-style.js";

export default defineRule({
  id: "init-exit-sections",
  summary: "<prefix>_init() is marked __init and <prefix>_exit() __exit (kernel style)",
  explanation: [
    "__init puts the init function in a section the kernel frees once the module has loaded: it runs exactly once, and its code need not stay in memory afterwards.",
    "__exit puts the exit function in a section that is left out entirely when the module is built into the kernel or the kernel cannot unload modules, since then it can never run.",
    "Neither changes what the functions do; every module in the tree marks them this way.",
  ].join(" "),
  docs: ["https://docs.kernel.org/kernel-hacking/hacking.html#init-exit-data"],
  headers: ["linux/init.h"],
  safety: "safe",
  appliesTo: kernelStyleOnly,
  run(ctx) {
    const { program, names } = ctx.facts;
    mark(ctx, program.functions.get(names.init)?.node, "__init");
    mark(ctx, program.functions.get(names.exit)?.node, "__exit");
  },
});

function mark(ctx: RuleContext, definition: Node | undefined, section: string): void {
  const name = definition && functionDeclarator(definition)?.childForFieldName("declarator");
  // The source, not the node's text: to the grammar the kernel's attribute macros are blank (grammarView).
  if (!name || hasWord(ctx.facts.source.slice(definition.startIndex, name.startIndex), section)) return;
  ctx.insert(name.startIndex, `${section} `);
}
