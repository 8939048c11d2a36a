// Background the explain report gives beside the changes that need it: kernel ideas that no single rule owns.
//
// A rule names the topics its changes may need (RuleMeta.topics); a topic says, by a pattern over
// the text a change adds, which of those changes really need it, so that a program whose port adds
// no goto never reads about goto ladders. "hunk" topics are told at the first hunk that needs
// them; "file" topics concern the module as a whole and close the report. Text is ours, written
// for someone who knows C and userspace but not the kernel. `Backticks` mark code; {init},
// {exit} and {module} stand for the port's own names.

export interface Topic {
  /** kebab-case; what RuleMeta.topics refers to. */
  id: string;
  title: string;
  /** "hunk": told at the first hunk whose changes need it. "file": told in the closing section. */
  scope: "hunk" | "file";
  /**
   * Which changes need the topic: tested against the text each change of a listing rule adds.
   * Without it, any change by a listing rule does.
   */
  neededWhen?: RegExp;
  /**
   * Paragraphs; one that describes a mechanism only some ports contain (the `msg` variable, `ret`
   * starting as a failure) carries a pattern the module's text (or, with `in: "makefile"`, the
   * Makefile's) must match for it to be told.
   */
  paragraphs: Array<string | { text: string; when: RegExp; in?: "module" | "makefile" }>;
  /** Kernel documentation (and manual pages) the topic rests on. */
  docs: string[];
}

export const topics: readonly Topic[] = [
  {
    id: "gfp-flags-and-context",
    title: "Why the kernel's allocators take GFP flags: process and atomic context",
    scope: "hunk",
    neededWhen: /\bGFP_[A-Z_]+\b/,
    paragraphs: [
      "`malloc()` takes a size and nothing else, because in a process there is only one way to wait for memory. The kernel's allocators take a second argument, a `gfp_t` bitmask of GFP flags (after \"get free pages\"), because the caller has to say what the allocator may do while it looks for memory: wait while pages are reclaimed or written out, dip into emergency reserves, or give up at once.",
      "What is allowed depends on the context the code runs in. In process context the CPU is working for a task, here the insmod process inside its `finit_module()` system call; that task can be put to sleep and woken when memory is free, so `GFP_KERNEL`, which may sleep, is the everyday choice. In atomic context (an interrupt handler, a softirq, code holding a spinlock or running with preemption disabled) there is no task that may sleep, and sleeping there can stall or hang the machine. Such code asks with `GFP_ATOMIC` (never sleeps, may use the reserves) or `GFP_NOWAIT` (never sleeps, leaves the reserves alone), and must expect failures more often.",
      "Modifiers such as `__GFP_ZERO` or `__GFP_NOWARN` can be OR-ed into the flags; their two leading underscores mark them as building blocks rather than everyday choices. kernelize picks the flag from the execution context of each allocation: a program ported whole runs everything from module init, which is process context, so its allocations get `GFP_KERNEL`.",
    ],
    docs: [
      "https://docs.kernel.org/core-api/memory-allocation.html",
      "https://docs.kernel.org/core-api/mm-api.html#mm-api-gfp-flags",
      "https://docs.kernel.org/kernel-hacking/hacking.html#the-players",
    ],
  },
  {
    id: "init-returns-negative-errno",
    title: "Init reports failure as a negative errno",
    scope: "hunk",
    neededWhen: /-E[A-Z0-9]+\b/,
    paragraphs: [
      "A program tells its caller that it failed through its exit status, and tells itself why through the thread-local `errno`. A module has neither. Its init function is an ordinary kernel function that the kernel calls inside the `finit_module()` system call insmod makes, and all it can report is its return value.",
      "The kernel's convention is 0 for success and a negated errno constant for failure: `-ENOMEM` when memory could not be had, `-EINVAL` for a bad argument, and so on. When init returns a negative value the load fails: the kernel frees the module again, and the system call returns -1 to insmod with `errno` set to the positive value, which insmod prints as a message such as \"Cannot allocate memory\". A positive return is a bug the kernel warns about in its log.",
      { text: "`ret` starts out holding the failure and only the success path sets it to 0: an exit that forgets to set it then reports a failure, never a false success.", when: /\bint\s+\w+\s*=\s*-E[A-Z0-9]+\s*;/ },
    ],
    docs: [
      "https://docs.kernel.org/process/coding-style.html#function-return-values-and-names",
      "https://man7.org/linux/man-pages/man2/init_module.2.html",
    ],
  },
  {
    id: "kern-level-prefix",
    title: "`KERN_ERR \"…\"` is two string literals side by side",
    scope: "hunk",
    neededWhen: /\bKERN_[A-Z]+\b/,
    paragraphs: [
      "`KERN_ERR` is neither a function nor an argument: it is a macro that expands to a short string literal. `include/linux/kern_levels.h` defines `KERN_SOH` as `\"\\001\"`, the ASCII start-of-header byte, and `KERN_ERR` as `KERN_SOH \"3\"`. So `KERN_ERR \"unable to update\\n\"` reaches the compiler as `\"\\001\" \"3\" \"unable to update\\n\"`: string literals with only white space between them, which C joins into one (translation phase 6, after escapes are read). No comma is missing.",
      "printk() reads the front of the string it is given. A start-of-header byte and a digit from 0 (`KERN_EMERG`) to 7 (`KERN_DEBUG`) set the message's level (3 is `KERN_ERR`); printk() removes the two bytes and files the rest at that level, which decides whether it reaches the console and how dmesg marks it. Because the level lives inside the string, a whole message, level included, can be kept in a `const char *` and printed later with printk(msg).",
    ],
    docs: ["https://docs.kernel.org/core-api/printk-basics.html"],
  },
  {
    id: "pr-macros-over-printk",
    title: "pr_info() and friends rather than a bare printk()",
    scope: "hunk",
    neededWhen: /\bpr_[a-z]+\b|\bprintk\b/,
    paragraphs: [
      "`pr_info(fmt, ...)` is a macro for `printk(KERN_INFO pr_fmt(fmt), ...)`, and there is one for each level, from pr_emerg() to pr_debug(). Writing the macro rather than printk() with a level in front has three gains. The level is part of the name and cannot be left out (a printk() without one is logged at the default level, usually that of a warning). A misspelt level is a call to an undeclared function that the compiler names, where a misspelt `KERN_` macro gives a puzzling error about the string after it. And a file can define `pr_fmt` once, commonly as `KBUILD_MODNAME \": \" fmt`, to prefix every line it prints.",
      "pr_debug() is the exception to keep in mind: it prints nothing unless `DEBUG` is defined or dynamic debug turns it on.",
      { text: "A bare printk() is still the right call where the message is chosen at run time, like `msg` in the port's exit path: the level already travels inside the string, and there is no literal for a pr_*() macro to paste a level onto.", when: /\bprintk\(\s*[A-Za-z_]\w*\s*\)/ },
    ],
    docs: ["https://docs.kernel.org/core-api/printk-basics.html", "https://docs.kernel.org/admin-guide/dynamic-debug-howto.html"],
  },
  {
    id: "one-exit-path",
    title: "Every exit through one path: goto and labels",
    scope: "hunk",
    neededWhen: /\bgoto\s+[A-Za-z_]\w*\s*;/,
    paragraphs: [
      "err() ended the program on the spot, and the C library and the kernel cleaned up behind it. A module's init cannot end anything, and nothing frees what it forgets: memory it leaks stays allocated until the machine reboots. So every way out of init has to release exactly what was acquired before it, no more and no less.",
      {
        text: "The kernel's idiom for this is one exit path at the end of the function, reached by goto. The releases sit there in the reverse order of the acquisitions, and a label stands in front of each one; a failure jumps to the label below which lies exactly what it holds, and falls through those releases to the single `return`. In kernelize's ports `out` is the label after every release and the `out_free` labels stand before them.",
        when: /^out:/m,
      },
      {
        text: "Three kinds of exit share that path. The success path sets `ret` to 0 (and clears the message, if there is one), then falls through every release. A failure before anything was allocated jumps to `out`, past all of them. A failure after an allocation jumps to the label that frees it first. All of them print their message, if any, and return `ret` from the same place: the nesting stays flat, and a missing release shows as a gap in one ladder instead of hiding in one of several copies of the cleanup.",
        when: /^out:/m,
      },
      {
        text: "The kernel's idiom for this is one exit path at the end of the function, reached by goto: the releases sit there newest first, a label stands in front of each, and a failure jumps to the label below which lies exactly what it holds. kernelize read from the function's control flow what each exit holds, wherever the exit is (in a loop, a `switch`, an `else`), and put that ladder after the function's last statement: each exit sets `ret` to its own errno and jumps, and the ladder ends in the one `return ret;`. An exit that holds nothing returns at once, as the coding style asks when there is nothing to clean up.",
        when: /^(?![\s\S]*\nout:)[\s\S]*\n[ \t]*out_free\w*:/,
      },
    ],
    docs: ["https://docs.kernel.org/process/coding-style.html#centralized-exiting-of-functions"],
  },
  {
    id: "freed-before-init-returns",
    title: "Memory the program left to its exit is freed before init returns",
    scope: "hunk",
    neededWhen: /\b(k?free)\(/,
    paragraphs: [
      "A process may leave memory allocated when it ends: the kernel takes back its whole address space at exit, so many programs never free what they use until the end. A module has no such exit. Its init function returns into the kernel, and whatever it allocated and did not free stays allocated, out of anyone's reach, until the machine reboots.",
      "kernelize follows each allocation along every path through main() and knows, at each place init returns, which memory is still held there, memory a helper left in a structure through a pointer included (`vec_init(&v)` filling `v.items` holds it from that call on). Where the program left some of it to the process's exit, the port frees it on the way out, newest first, just as the exit would have reclaimed it. Exits where the program freed the memory itself are left as they are.",
    ],
    docs: ["https://docs.kernel.org/core-api/memory-allocation.html", "https://docs.kernel.org/process/coding-style.html#centralized-exiting-of-functions"],
  },
  {
    id: "module-lifecycle",
    title: "How the kernel finds init and exit: module_init(), module_exit() and struct module",
    scope: "file",
    neededWhen: /\bmodule_(?:init|exit)\b/,
    paragraphs: [
      "A program starts at main() because the C runtime calls it there. A module has no runtime around it: it is an object file, `{module}.ko`, that the kernel links into itself while it runs, so the kernel has to be told which functions to call. `module_init({init})` and `module_exit({exit})` tell it.",
      "In a loadable module the two macros check at compile time that the functions have the types the kernel expects, `int (*)(void)` and `void (*)(void)`, and make the symbols `init_module` and `cleanup_module` aliases for them. During the build Kbuild generates `{module}.mod.c`, which defines the module's `struct module` with `.init = init_module` and `.exit = cleanup_module`. That structure is the kernel's record of a loaded module, and those two fields are what it calls.",
      "Loading: `insmod {module}.ko` opens the file and hands its descriptor to the `finit_module()` system call (modprobe does the same after loading what the module depends on). The kernel checks the object, relocates it, sets its parameters, and calls `init` in the insmod process's context; a negative return undoes the load. Unloading: `rmmod {module}` passes the name to `delete_module()`. The kernel refuses while other modules still use it; otherwise it calls `exit` and frees the module. A module that has an init function but no exit function can never be unloaded, which is why the port adds an empty `{exit}()`.",
    ],
    docs: [
      "https://docs.kernel.org/kbuild/modules.html",
      "https://man7.org/linux/man-pages/man2/init_module.2.html",
      "https://man7.org/linux/man-pages/man2/delete_module.2.html",
    ],
  },
  {
    id: "module-license",
    title: "Why MODULE_LICENSE() is required: modpost and the taint flag",
    scope: "file",
    neededWhen: /\bMODULE_LICENSE\b/,
    paragraphs: [
      "`MODULE_LICENSE(\"GPL\")` stores the string `license=GPL` in the module's `.modinfo` section, beside other `key=value` facts such as the modules it depends on. modpost, the build step that checks a module's symbols once it is compiled, reads that section and reports a module with no license: recent kernels stop the build with an error, older ones warned.",
      "The kernel reads the license again at load time. A module under a GPL-compatible license may use every symbol the kernel exports, including those exported with `EXPORT_SYMBOL_GPL`; any other license marks the kernel as tainted (flag P, in `/proc/sys/kernel/tainted` and in every oops report) and is refused those symbols.",
      "\"GPL\" stands for GPL version 2, without saying whether \"or later\" applies. The port writes it because the kernel is GPL-2.0; a program under another license should say so with one of the strings the kernel's license rules list.",
    ],
    docs: ["https://docs.kernel.org/process/license-rules.html", "https://docs.kernel.org/admin-guide/tainted-kernels.html"],
  },
  {
    id: "kernel-layout",
    title: "The kernel's coding style: layout by clang-format, and what checkpatch, sparse and W=1 check",
    scope: "file",
    neededWhen: /SPDX-License-Identifier/,
    paragraphs: [
      "With `--style kernel` the module is written for the kernel tree rather than for a small diff. After the rules, the whole file is laid out by clang-format (compiled to WebAssembly, so no clang is needed) with the layout of Documentation/process/coding-style.rst: tabs 8 columns wide, lines of at most 80 columns, a function's opening brace on its own line and every other brace at the end of the line that opens the block, `if (` with a space, no braces around a single statement, labels in the first column. Lines of the diff that changed only in layout were changed by that step, not by a rule.",
      "Three tools judge such a file, and the style is made to pass all three: `scripts/checkpatch.pl --strict` (the patch checker maintainers run on every submission), sparse (`make C=2`, a checker that knows the kernel's annotations) and a `make W=1` build (gcc's extra warnings, such as a global function without a prototype). `kernelize lint {module}.c` runs them and reports what they say.",
    ],
    docs: ["https://docs.kernel.org/process/coding-style.html", "https://docs.kernel.org/dev-tools/checkpatch.html", "https://docs.kernel.org/dev-tools/sparse.html"],
  },
  {
    id: "kbuild-makefile",
    title: "Building and loading: the Kbuild Makefile",
    scope: "file",
    paragraphs: [
      "A module is not built by running gcc on it: it has to be compiled with the same flags, headers and configuration as the kernel it will be loaded into, and Kbuild, the kernel's build system, is what knows them. The Makefile kernelize writes beside the module has one line for Kbuild, `obj-m += {module}.o`: build `{module}.c` into the loadable module `{module}.ko`.",
      {
        in: "makefile",
        when: /^\tmake -C \/lib\/modules\//m,
        text: "Its `build` target runs `make -C /lib/modules/$(uname -r)/build modules M=$(pwd)`: make moves into the build tree of the running kernel (on Debian the `linux-headers-…` package installs it), which reads this directory's Makefile through `M=`, compiles the module, runs modpost on it and links the `.ko`. This is the article's Makefile, kept line for line so that the port matches it, and it builds for the running kernel only. `Documentation/kbuild/modules.rst` shows a form that takes the tree from a variable, `KDIR ?= /lib/modules/$(shell uname -r)/build`, and calls `$(MAKE) -C $(KDIR) M=$(CURDIR)`; `--style kernel` writes that form, so that `make KDIR=/path/to/headers` builds where `uname -r` has no headers (a container, a CI job, another release).",
      },
      {
        in: "makefile",
        when: /\$\(MAKE\) -C \$\(KDIR\)/,
        text: "This is the Makefile `Documentation/kbuild/modules.rst` shows for a module built outside the kernel tree, rather than the article's: when Kbuild reads it, `KERNELRELEASE` is set and only the `obj-m` line counts; when a person runs make, `build` runs `$(MAKE) -C $(KDIR) M=$(CURDIR) modules`, which moves into the kernel's build tree, reads this directory through `M=`, compiles the module, runs modpost on it and links the `.ko`. `KDIR ?= /lib/modules/$(shell uname -r)/build` is the running kernel's tree (on Debian the `linux-headers-…` package installs it) unless the command line names another: `make KDIR=/usr/src/linux-headers-RELEASE` builds where `uname -r` has no headers, in a container or a CI job. `$(MAKE)` passes make's own flags (`-j`, `-s`) on to the kernel's make. The minimal style keeps the article's Makefile, which names the running kernel's tree in every target.",
      },
      {
        in: "makefile",
        when: /^\w+-y\s*:?=/m,
        text: "This module is built from several objects, one for each `.c` file of the program: the `{module}-y` line lists them, Kbuild compiles each file on its own and links the objects into `{module}.ko`, so there is no `{module}.c` (a program file of that name is written under another).",
      },
      "`load` and `unload` wrap insmod and rmmod, which need root; what the module prints then shows in the kernel log (`dmesg`, or `journalctl -k`).",
    ],
    docs: ["https://docs.kernel.org/kbuild/modules.html", "https://docs.kernel.org/kbuild/makefiles.html"],
  },
  {
    id: "objects-compile-alone",
    title: "Each file of a module of several objects compiles on its own",
    scope: "hunk",
    // Lines the port of a program changed with no rule's edit behind them: what each object needs again.
    neededWhen: /^\s*(?:#\s*include\s*<|extern\b|#define pr_fmt\b|(?:\/\/|\/\*) SPDX-License-Identifier:)/,
    paragraphs: [
      "kernelize ports a program of several files as one text, so that every analysis sees the whole program, and cuts the result back into its files. Kbuild then compiles each `.c` file by itself, as the program's own build did, so what the port gave the one text once, each file needs again: every `.c` file gets the kernel headers the module uses where its C library includes were, and a header's C library includes become `<linux/types.h>`, which gives it the kernel's `size_t`, `bool` and fixed-width types.",
      "What the port added at file scope in one file and another file uses goes there too: an added function (a C-locale `toupper()`) is defined again, `static`, in each file that calls it; an added variable (the exit status a helper that can end the program sets) is defined once and declared `extern` in the others. A function or variable of the program's that another file uses keeps its external linkage.",
      { text: "In the kernel style every file opens with the SPDX line of the module's licence (a `/* */` comment in a header, as the kernel's licence rules ask), and every `.c` file defines `pr_fmt()` before its includes, so that each object's messages carry the module's name.", when: /SPDX-License-Identifier/ },
    ],
    docs: ["https://docs.kernel.org/kbuild/modules.html", "https://docs.kernel.org/kbuild/makefiles.html#loadable-module-goals-obj-m"],
  },
];

/** The topic the report adds whenever the port writes a Makefile, whichever rules fired. */
export const MAKEFILE_TOPIC = "kbuild-makefile";

/** The topic a program's report tells where a file changed with no rule's edit: what each object needs to compile alone. */
export const OBJECTS_TOPIC = "objects-compile-alone";

const byId = new Map(topics.map((t) => [t.id, t]));

export function topicById(id: string): Topic | undefined {
  return byId.get(id);
}
