// The kernel style's file header and module information: SPDX line, pr_fmt(), MODULE_DESCRIPTION()
// and MODULE_AUTHOR(); MODULE_DESCRIPTION() in every style from Linux 6.15 on.
import type { Node } from "../core/syntax-tree.js";
import { kernelHas } from "../core/kernel-api.js";
import { defineRule } from "../core/rule.js";
import type { PortTarget } from "../core/target.js";
import { namedChildren, nextLineStart } from "../core/syntax.js";

export default defineRule({
  id: "module-metadata",
  summary: "adds the SPDX line, pr_fmt(), MODULE_DESCRIPTION() and MODULE_AUTHOR() (kernel style; MODULE_DESCRIPTION() for every port to Linux 6.15 and later, and to 6.5 and later built with W=1)",
  explanation: [
    "A file headed for the kernel tree starts with an SPDX-License-Identifier line, the machine-readable form of its license that the tree's tooling checks; GPL-2.0 matches MODULE_LICENSE(\"GPL\").",
    "pr_fmt() is defined before the first include so that every pr_*() call prefixes its line with the module's name (KBUILD_MODNAME): the log then says which module spoke, without each message repeating it.",
    "MODULE_DESCRIPTION() is the line modinfo shows; it comes from --description, else the first sentence of the program's leading comment. modpost warns about a module without one in W=1 builds from Linux 6.5, and from 6.15 in every build, so it is added whatever the style from 6.15 on, and from 6.5 on for a port made for W=1 (--w1). MODULE_AUTHOR() is added when an author is known (--author, else git's user.name and user.email).",
  ].join(" "),
  docs: ["https://docs.kernel.org/process/license-rules.html", "https://docs.kernel.org/core-api/printk-basics.html", "https://docs.kernel.org/kbuild/modules.html"],
  headers: ["linux/module.h"],
  safety: "safe",
  topics: ["kernel-layout"],
  appliesTo: (target) => target.style === "kernel" || needsDescription(target),
  run(ctx) {
    const { program, names, source, target } = ctx.facts;
    if (program.isModule || !program.lastTopLevel) return;
    const kernel = target.style === "kernel";
    const top = namedChildren(program.root);

    if (kernel) {
      if (!/^\s*(?:\/\/|\/\*)\s*SPDX-License-Identifier:/.test(source)) ctx.insert(0, "// SPDX-License-Identifier: GPL-2.0\n");
      if (!program.macros.has("pr_fmt")) {
        const firstInclude = top.find((n) => n.type === "preproc_include");
        ctx.insert(firstInclude ? firstInclude.startIndex : 0, `#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt\n${firstInclude ? "\n" : ""}`);
      }
    }
    // After MODULE_LICENSE(), which module-registration adds at the same place.
    const at = nextLineStart(source, program.lastTopLevel.endIndex - 1);
    const info: string[] = [];
    if (kernel || needsDescription(target)) {
      info.push(`MODULE_DESCRIPTION(${cString(target.description ?? leadingComment(top) ?? `The ${names.module} program, as a kernel module`)});`);
    }
    if (kernel && target.author) info.push(`MODULE_AUTHOR(${cString(target.author)});`);
    if (info.length > 0) ctx.insert(at, `${info.join("\n")}\n`);
  },
});

function needsDescription(target: PortTarget): boolean {
  return kernelHas(target.kernel, "module-description-warning") || (target.w1 === true && kernelHas(target.kernel, "module-description-w1-warning"));
}

/** The first sentence of a comment that opens the file, as a one-line description. */
export function leadingComment(top: readonly Node[]): string | undefined {
  const first = top[0];
  if (first?.type !== "comment") return undefined;
  const text = first.text
    .replace(/^\/\*+|\*+\/$/g, "")
    .replace(/^\s*\/\/+/gm, "")
    .replace(/^\s*\*+/gm, "")
    .replace(/\s+/g, " ")
    .trim();
  if (text.length === 0 || /SPDX-License-Identifier|copyright|\(c\)/i.test(text)) return undefined;
  const sentence = (/^(.*?[.!?])(?:\s|$)/.exec(text)?.[1] ?? text).replace(/\.$/, "");
  // MODULE_DESCRIPTION("…"); fits in 80 columns.
  return sentence.length <= 56 ? sentence : `${sentence.slice(0, 53).replace(/\s+\S*$/, "")}...`;
}

function cString(text: string): string {
  return `"${text.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}
