// va_list, va_start(), va_arg(), va_copy() and va_end() stay as they are: <linux/stdarg.h> defines them from the compiler's builtins.
import { kernelHas } from "../core/kernel-api.js";
import { defineRule } from "../core/rule.js";

export default defineRule({
  id: "va-list-macros-kept",
  summary: "va_start(), va_arg(), va_copy() and va_end() stay as they are",
  explanation: [
    "A function with a variable number of arguments reads them the same way in the kernel: va_list and the va_ macros are the compiler's builtins (__builtin_va_start() and the rest), which <linux/stdarg.h> names as <stdarg.h> does.",
    "From Linux 5.15 a module includes <linux/stdarg.h>, since the compiler's own include directory is no longer on its path; before that, <linux/kernel.h> brought in <stdarg.h> itself, so the port adds nothing.",
  ].join(" "),
  docs: ["https://elixir.bootlin.com/linux/v6.1/source/include/linux/stdarg.h"],
  headers: ["linux/stdarg.h"],
  safety: "safe",
  calls: ["va_start", "va_arg", "va_copy", "va_end"],
  // Older kernels need no include, and nothing else changes: the calls are handled either way.
  appliesTo: (target) => kernelHas(target.kernel, "linux-stdarg-h"),
  rewrite(_match, ctx) {
    ctx.use();
  },
});
