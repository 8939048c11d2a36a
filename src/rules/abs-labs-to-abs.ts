// abs(), labs() and llabs() all become the kernel's abs(), which takes the type of its argument.
import { defineRule } from "../core/rule.js";

export default defineRule({
  id: "abs-labs-to-abs",
  summary: "abs(x) stays; labs(x) and llabs(x) become abs(x)",
  explanation: [
    "The kernel has one abs(), a macro in <linux/math.h> that looks at the type of its argument and returns a value of that type, so it does the work of the C library's abs(), labs() and llabs() alike.",
    "It evaluates its argument once, as the functions do. As in C, the absolute value of the most negative number of a type does not fit in that type.",
  ].join(" "),
  docs: ["https://elixir.bootlin.com/linux/v6.1/source/include/linux/math.h"],
  headers: ["linux/math.h"],
  safety: "safe",
  calls: ["abs", "labs", "llabs"],
  rewrite({ callee, name }, ctx) {
    if (name === "abs") ctx.use();
    else ctx.replace(callee, "abs");
  },
});
