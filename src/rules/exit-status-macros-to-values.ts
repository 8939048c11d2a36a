// <stdlib.h>'s EXIT_SUCCESS and EXIT_FAILURE, where they remain after main() and exit() took theirs, become 0 and 1.
import { defineRule } from "../core/rule.js";
import { codeTokens } from "./tokens.js";

/** The values glibc and musl give the two status macros. */
const STATUS_VALUES = new Map([
  ["EXIT_SUCCESS", "0"],
  ["EXIT_FAILURE", "1"],
]);

export default defineRule({
  id: "exit-status-macros-to-values",
  summary: "EXIT_SUCCESS and EXIT_FAILURE used as ordinary values become 0 and 1",
  explanation: [
    "The port turns main()'s return and exit() statuses into what a module's init returns (0 or a negative errno), but a program also uses EXIT_SUCCESS and EXIT_FAILURE as plain values: a helper's result, a comparison, a table entry.",
    "The kernel has no <stdlib.h> and no such macros, so those uses get the values every Linux C library defines them as, 0 and 1; comparisons between them keep their meaning.",
  ].join(" "),
  docs: ["https://man7.org/linux/man-pages/man3/exit.3.html"],
  headers: [],
  safety: "safe",
  run(ctx) {
    const { program, source } = ctx.facts;
    for (const token of codeTokens(program.root, source, /\bEXIT_(?:SUCCESS|FAILURE)\b/g)) {
      if (program.macros.has(token.name) || !program.isCompiled(token.start)) continue;
      ctx.replace(token, STATUS_VALUES.get(token.name)!);
    }
  },
});
