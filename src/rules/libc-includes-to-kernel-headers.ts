// The C library's includes go; the kernel headers that the rules which fired need come in.
import { PORTABLE_LIBC_HEADERS } from "../analysis/portability.js";
import { defineRule } from "../core/rule.js";
import { lineStartOf, nextLineStart } from "../core/syntax.js";

/**
 * Order of kernel headers in the output: <linux/module.h> first, as in every module; then the
 * basic types and library headers; then subsystems such as the slab allocator.
 */
export const KERNEL_HEADER_ORDER = [
  "linux/module.h",
  "linux/moduleparam.h",
  "linux/init.h",
  "linux/kernel.h",
  "linux/types.h",
  "linux/stdarg.h",
  "linux/limits.h",
  "linux/errno.h",
  "linux/bug.h",
  "linux/printk.h",
  "linux/minmax.h",
  "linux/math.h",
  "linux/string.h",
  "linux/ctype.h",
  "linux/kstrtox.h",
  "linux/sort.h",
  "linux/bsearch.h",
  "linux/random.h",
  "linux/time64.h",
  "linux/timekeeping.h",
  "linux/ktime.h",
  "linux/delay.h",
  "linux/slab.h",
];

/**
 * Headers <linux/module.h> already brings in and that modules conventionally do not repeat:
 * the module macros and module_param(), printk and the log levels, the errno values, the basic types.
 */
export const PROVIDED_BY_MODULE_H = new Set(["linux/init.h", "linux/kernel.h", "linux/types.h", "linux/errno.h", "linux/printk.h", "linux/moduleparam.h"]);

export default defineRule({
  id: "libc-includes-to-kernel-headers",
  summary: "C library includes become the kernel headers the module uses",
  explanation: [
    "A module is compiled against the kernel's own headers, not the C library's: there is no libc in the kernel.",
    "Each function the port uses has a kernel header: kmalloc() and kfree() in <linux/slab.h>, kstrdup() and strlen() in <linux/string.h>, and <linux/module.h> for module_init(), MODULE_LICENSE() and, through it, printk(), the log levels and the errno values.",
    "Only the headers the output actually uses are included.",
  ].join(" "),
  docs: ["https://docs.kernel.org/kbuild/modules.html", "https://docs.kernel.org/process/coding-style.html"],
  headers: [],
  safety: "safe",
  run(ctx) {
    const { program, source } = ctx.facts;
    const present = new Set(program.includes.filter((i) => i.system).map((i) => i.path));
    const wanted = [...ctx.headersNeeded].filter((h) => !present.has(h));
    const withModule = present.has("linux/module.h") || wanted.includes("linux/module.h");
    const needed = wanted
      .filter((h) => !(withModule && PROVIDED_BY_MODULE_H.has(h)))
      .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
    const block = needed.map((h) => `#include <${h}>\n`).join("");

    const libc = program.includes.filter((i) => i.system && PORTABLE_LIBC_HEADERS.has(i.path));
    if (libc.length > 0) {
      libc.forEach((include, index) => {
        const start = lineStartOf(source, include.node.startIndex);
        const end = nextLineStart(source, include.node.endIndex - 1);
        ctx.replace({ start, end }, index === 0 ? block : "");
      });
      return;
    }
    if (needed.length === 0) return;
    const lastInclude = program.includes.at(-1);
    if (lastInclude) {
      ctx.insert(nextLineStart(source, lastInclude.node.endIndex - 1), block);
      return;
    }
    const first = program.root.namedChildren.find((n) => n && n.type !== "comment");
    ctx.insert(first ? lineStartOf(source, first.startIndex) : 0, `${block}\n`);
  },
});

function rank(header: string): number {
  const i = KERNEL_HEADER_ORDER.indexOf(header);
  return i === -1 ? KERNEL_HEADER_ORDER.length : i;
}
