// The storage classes __thread and _Thread_local go: the module's code runs in one thread, where a thread-local variable is an ordinary one, and the kernel's module loader has no thread-local storage to give.
import { defineRule } from "../core/rule.js";

const WORDS: ReadonlySet<string> = new Set(["__thread", "_Thread_local"]);
/** Where a word is text, not code. */
const TEXT_NODES: ReadonlySet<string> = new Set(["comment", "string_literal", "string_content", "char_literal", "system_lib_string", "escape_sequence"]);

export default defineRule({
  id: "thread-local-storage-removed",
  summary: "the storage classes __thread and _Thread_local are removed: the port runs in one thread, where a thread-local variable is an ordinary one, and a module cannot have thread-local storage",
  explanation: [
    "`__thread` (GCC) and `_Thread_local` (C11) give each thread of a process its own copy of a variable, reached through the thread pointer (the %fs register on x86-64), which the C library sets up for every thread it starts.",
    "A kernel module has no such storage: the compiler still builds the module, but its accesses are relocations (R_X86_64_TPOFF32) that the kernel's module loader does not know, so loading it fails (\"Unknown rela relocation\"), and the kernel's own %fs is not a thread's block anyway.",
    "The program the port comes from is one thread (a program that starts threads is refused, K3008), and so is the module's init function: one thread has one copy of each variable, which is what a variable without the storage class is.",
    "So the word goes, with the blank after it, and the variable keeps its other storage class (`static`, `extern`) and its initial value.",
  ].join(" "),
  docs: ["https://gcc.gnu.org/onlinedocs/gcc/Thread-Local.html", "https://en.cppreference.com/w/c/language/storage_duration", "https://elixir.bootlin.com/linux/v6.1/source/arch/x86/kernel/module.c"],
  headers: [],
  safety: "safe",
  appliesTo: (_target, source) => /\b(?:__thread|_Thread_local)\b/.test(source),
  run(ctx) {
    const { program, source } = ctx.facts;
    for (const { word, index } of program.wordsAmong(WORDS)) {
      if (!program.isCompiled(index)) continue;
      // The grammar reads _Thread_local as a blank (grammarView): what holds the offset is the declaration.
      const at = program.root.descendantForIndex(index, index + word.length);
      if (TEXT_NODES.has(at.type)) continue;
      let end = index + word.length;
      while (source[end] === " " || source[end] === "\t") end++;
      ctx.remove({ start: index, end });
    }
  },
});
