// Where a program reads errno itself, and whether a module-local errno can hold what it would: every call that sets it must be one the port defines.
import type { ProgramFacts } from "./program.js";

/** The strto*() family: the port defines them, with the C library's ERANGE and EINVAL, where errno is module-local. */
export const ERRNO_SETTING_CONVERSIONS: ReadonlySet<string> = new Set(["strtol", "strtoll", "strtoul", "strtoull", "strtoimax", "strtoumax"]);

/**
 * Calls that set errno in the C library on a path a program can go on from (an allocation's
 * failure) with a value the port does not reproduce; a program that calls one keeps its refusal.
 */
const UNMODELLED_SETTERS: ReadonlySet<string> = new Set(["malloc", "calloc", "realloc", "reallocarray", "strdup", "strndup", "aligned_alloc", "posix_memalign", "strtod", "strtof", "strtold"]);

/** The values a module-local errno can hold when the program itself stores only these. */
export const MODELLED_ERRNO_VALUES: ReadonlySet<string> = new Set(["0", "EINVAL", "ERANGE"]);

export interface ModuleErrno {
  /** Each `errno` the program's compiled code mentions (identifiers and macro bodies), as text ranges. */
  uses: Array<{ start: number; end: number }>;
  /** Whether every value stored in errno is one MODELLED_ERRNO_VALUES names. */
  storesOnlyModelled: boolean;
}

/**
 * The program's own uses of errno, when a variable of the module's can stand for it: the program
 * mentions errno (outside the save/restore the exits engine folds away, `consumed`), and calls
 * nothing that sets it which the port does not define.
 */
export function moduleErrno(program: ProgramFacts, consumed: ReadonlySet<number> = new Set()): ModuleErrno | undefined {
  const { source, root } = program;
  if (!source.includes("errno")) return undefined;
  const uses: ModuleErrno["uses"] = [];
  let storesOnlyModelled = true;
  for (const m of source.matchAll(/\berrno\b/g)) {
    if (!program.isCompiled(m.index)) continue;
    const node = root.descendantForIndex(m.index, m.index + 5);
    if (node?.type === "identifier" && node.startIndex === m.index && node.endIndex === m.index + 5) {
      if (consumed.has(node.id)) continue;
      const parent = node.parent;
      if (parent?.type === "assignment_expression" && parent.childForFieldName("left")?.id === node.id) {
        const value = parent.childForFieldName("right")?.text ?? "";
        if (parent.childForFieldName("operator")?.text !== "=" || !MODELLED_ERRNO_VALUES.has(value)) storesOnlyModelled = false;
      }
    } else if (node?.type !== "preproc_arg") continue;
    uses.push({ start: m.index, end: m.index + 5 });
  }
  if (uses.length === 0) return undefined;
  if (program.libraryCallsNamed(UNMODELLED_SETTERS).length > 0) return undefined;
  return { uses, storesOnlyModelled };
}
