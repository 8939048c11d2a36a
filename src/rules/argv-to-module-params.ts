// Options main() read from argv (getopt, positional arguments) become module parameters: `insmod NAME.ko count=3`.
import { defineRule } from "../core/rule.js";
import { lineStartOf } from "../core/syntax.js";
import { wholeLines } from "./text.js";

export default defineRule({
  id: "argv-to-module-params",
  summary: "options read from argv become module_param() variables, so `insmod NAME.ko count=3` does what `./prog -n 3` did",
  explanation: [
    "A module has no command line, but it has parameters: module_param(name, type, perm) makes a file-scope variable settable when the module is loaded (insmod NAME.ko name=value) and, with permission 0444, readable afterwards in /sys/module/NAME/parameters/.",
    "So each variable an option set moves out of main() to file scope, keeping its default, and gets a module_param() line with the kernel type that matches its C type (int, uint, long, bool, charp for strings).",
    "The kernel parses and checks the value itself before init runs, so the getopt() loop, the atoi() calls and the usage checks that read argv go away; a value that does not parse makes the load fail with -EINVAL instead of printing a usage line.",
    "MODULE_PARM_DESC() documents each parameter for modinfo.",
  ].join(" "),
  docs: ["https://docs.kernel.org/driver-api/basics.html#c.module_param", "https://docs.kernel.org/admin-guide/kernel-parameters.html"],
  headers: ["linux/moduleparam.h"],
  safety: "review",
  handles: ["getopt"],
  run(ctx) {
    const { program, optionsPlan, source } = ctx.facts;
    const main = program.main;
    if (!main || !optionsPlan || !optionsPlan.takesArguments) return;
    for (const p of optionsPlan.problems) ctx.report(p.code, p.message, p.node, p.note ? { note: p.note } : {});
    if (optionsPlan.problems.length > 0) return;
    const gone = [...optionsPlan.removed, ...optionsPlan.params.flatMap((p) => (p.local ? [p.local] : []))];
    for (const range of paragraphsRemoved(source, gone.map((s) => wholeLines(source, s)))) ctx.remove(range);
    if (optionsPlan.params.length === 0) {
      ctx.use();
      return;
    }
    const block = optionsPlan.params
      .map((p) => `${p.declaration}\nmodule_param(${p.name}, ${p.type}, 0444);\nMODULE_PARM_DESC(${p.name}, "${describe(p.origin)}");\n`)
      .join("");
    ctx.insert(lineStartOf(source, main.node.startIndex), `${block}\n`);
  },
});

/**
 * Ranges to delete: statements next to each other (blank lines between them included) go as one,
 * and a blank line left doubled, or left first in the block, goes with them.
 */
function paragraphsRemoved(source: string, ranges: Array<{ start: number; end: number }>): Array<{ start: number; end: number }> {
  const sorted = [...ranges].sort((a, b) => a.start - b.start);
  const merged: Array<{ start: number; end: number }> = [];
  for (const r of sorted) {
    const last = merged.at(-1);
    if (last && /^\s*$/.test(source.slice(last.end, r.start))) last.end = Math.max(last.end, r.end);
    else merged.push({ ...r });
  }
  for (const r of merged) {
    const before = source.slice(lineStartOf(source, Math.max(0, r.start - 1)), r.start);
    const nextLine = /^[ \t]*\r?\n/.exec(source.slice(r.end));
    if (nextLine && (/^\s*$/.test(before) || /\{\s*$/.test(before))) r.end += nextLine[0].length;
  }
  return merged;
}

function describe(origin: string): string {
  return origin.startsWith("-") ? `what the program's ${origin} option set` : `what the program's ${origin} was`;
}
