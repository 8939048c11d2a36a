// Adds what makes a file a module: an exit function, module_init()/module_exit(), and MODULE_LICENSE().
import { defineRule } from "../core/rule.js";
import { nextLineStart } from "../core/syntax.js";

export default defineRule({
  id: "module-registration",
  summary: "adds an empty <prefix>_exit(), module_init(), module_exit() and MODULE_LICENSE(\"GPL\")",
  explanation: [
    "module_init() and module_exit() record which functions the kernel calls when the module is loaded (insmod, through the finit_module system call) and unloaded (rmmod, through delete_module); in a loadable module they fill in the init and exit entries of its struct module.",
    "A module without an exit function cannot be unloaded, so one is added even though there is nothing to undo: init already released everything it allocated.",
    "Whether init and exit are static is the style's choice: the article's form (the minimal style, the default) leaves them global, as the article wrote them, so a W=1 build warns \"no previous prototype\" for each; the kernel style, a port made for a W=1 build (--w1), and any port for Linux 6.8 and later, where that warning is part of every build, make them static.",
    "MODULE_LICENSE(\"GPL\") is required: modpost warns about a module without a license, and the kernel marks itself tainted when a non-GPL module loads and refuses it the symbols exported with EXPORT_SYMBOL_GPL.",
  ].join(" "),
  docs: [
    "https://docs.kernel.org/kbuild/modules.html",
    "https://docs.kernel.org/process/license-rules.html#id1",
    "https://docs.kernel.org/admin-guide/tainted-kernels.html",
  ],
  headers: ["linux/module.h"],
  safety: "safe",
  topics: ["module-lifecycle", "module-license"],
  run(ctx) {
    const { program, names, style, source } = ctx.facts;
    if (program.isModule || !program.lastTopLevel) return;
    const at = nextLineStart(source, program.lastTopLevel.endIndex - 1);
    const lead = at > 0 && source[at - 1] !== "\n" ? "\n" : "";
    const brace = style.functionBraceOnOwnLine ? "\n{\n}" : " {\n}";
    ctx.insert(
      at,
      `${lead}\nvoid ${names.exit}(void)${brace}\n\nmodule_init(${names.init});\nmodule_exit(${names.exit});\n\nMODULE_LICENSE("GPL");\n`,
    );
  },
});
