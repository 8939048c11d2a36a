// The names a module needs: its own name, and the prefix its init and exit functions share with the program.
import type { ProgramFacts } from "./program.js";
import { KERNEL_FUNCTION_MACROS, KERNEL_OBJECT_MACROS, KERNEL_ORDINARY_NAMES } from "./kernel-names.js";

export interface ModuleNames {
  /** Kbuild module name: the `NAME` of NAME.c, NAME.ko, `obj-m += NAME.o`. */
  module: string;
  /** Prefix of generated symbols, with its trailing underscore: `example_`. */
  prefix: string;
  /** Where the prefix came from, for the explanation. */
  prefixSource: "functions" | "module-name";
  init: string;
  exit: string;
  /** The program's own name, argv[0] of the command it was built as: its file's name without `.c`, else the module's. */
  program: string;
  /** The program's file as its compiler was given it (`prog.c`), what __FILE__ says in it. */
  file: string;
}

/**
 * The prefix is the one the program's own functions already share (kernel code namespaces its
 * symbols by hand, and a program written that way has chosen its namespace); otherwise the
 * module's name is the namespace.
 */
export function moduleNames(program: ProgramFacts, options: { name?: string; fileStem?: string; fileBase?: string }): ModuleNames {
  const shared = sharedPrefix(program.functions.names().filter((n) => n !== "main"));
  const derived = sanitize(shared?.slice(0, -1) ?? options.fileStem ?? "");
  const module = (options.name !== undefined ? sanitize(options.name) : fitModuleName(derived)) || "kernelized";
  const prefix = shared ?? `${module.replace(/-/g, "_")}_`;
  // The shared prefix often comes from the program's own vec_init()/vec_exit(): then init and exit
  // say module_ after it (vec_module_init), and a number after that if those are taken too
  // (only for a program with a main(): code that is a module already has its init and exit).
  // The kernel's own names are taken too: a program named sparse would make sparse_init(), which the
  // kernel's headers declare already.
  const used = (name: string) => program.functions.has(name) || KERNEL_ORDINARY_NAMES.has(name) || KERNEL_FUNCTION_MACROS.has(name) || KERNEL_OBJECT_MACROS.has(name);
  const taken = (infix: string) => program.main !== undefined && !program.isModule && (used(`${prefix}${infix}init`) || used(`${prefix}${infix}exit`));
  let infix = "";
  for (let i = 1; taken(infix); i++) infix = i === 1 ? "module_" : `module${i}_`;
  return {
    module,
    prefix,
    prefixSource: shared ? "functions" : "module-name",
    // A module ported again keeps the init and exit it registers.
    init: program.registered.init ?? `${prefix}${infix}init`,
    exit: program.registered.exit ?? `${prefix}${infix}exit`,
    program: options.fileStem || module,
    file: options.fileBase || `${options.fileStem || module}.c`,
  };
}

/** Longest `word_` prefix shared by at least two function names. */
export function sharedPrefix(names: string[]): string | undefined {
  if (names.length < 2) return undefined;
  let prefix = names[0]!;
  for (const n of names.slice(1)) {
    let i = 0;
    while (i < prefix.length && i < n.length && prefix[i] === n[i]) i++;
    prefix = prefix.slice(0, i);
  }
  const cut = prefix.lastIndexOf("_");
  if (cut < 1) return undefined;
  const candidate = prefix.slice(0, cut + 1);
  return /^[A-Za-z][A-Za-z0-9_]*_$/.test(candidate) ? candidate : undefined;
}

/** A valid Kbuild module name: letters, digits and underscores (dashes become underscores in the kernel anyway). */
export function sanitize(name: string): string {
  // A name that starts with digits or separators (03-queue.c) starts at its first letter: queue, not _queue.
  return name.replace(/[^A-Za-z0-9_]/g, "_").replace(/^[^A-Za-z]+/, "");
}

/** The longest name the kernel keeps for a module: MODULE_NAME_LEN (64 - sizeof(unsigned long)) less its NUL. */
export const MODULE_NAME_MAX = 55;

/** A name derived from a long file name, cut to what modpost accepts, at an underscore where there is one. */
function fitModuleName(name: string): string {
  if (name.length <= MODULE_NAME_MAX) return name;
  const cut = name.slice(0, MODULE_NAME_MAX);
  const at = cut.lastIndexOf("_");
  return (at >= 16 ? cut.slice(0, at) : cut).replace(/_+$/, "");
}
