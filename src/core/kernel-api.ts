// Which kernel release has which API and which build behaviour: the data `--kernel X.Y` consults.
// Each fact names where it comes from, so that a reader can check it and a maintainer can extend it.
import { atLeast, type KernelVersion } from "./target.js";

export interface KernelApiFact {
  /** What the rules ask about. */
  id: KernelApiId;
  /** One line a user can read in the explain report. */
  what: string;
  /** The mainline release that introduced it (X.Y). */
  since?: string;
  /** The mainline release that removed it (X.Y). */
  removedIn?: string;
  /** Stable series that received it later, with the first stable release that has it. */
  backports?: Readonly<Record<string, string>>;
  /** Where the fact comes from: the commit's subject and release, or the header to read. */
  source: string;
}

export type KernelApiId =
  | "get_random_u32"
  | "get_random_u32_below"
  | "prandom_u32_max"
  | "krealloc_array"
  | "strlcpy"
  | "linux-stdarg-h"
  | "missing-prototypes-by-default"
  | "module-description-w1-warning"
  | "module-description-warning"
  | KernelWarningId;

/** The compiler flags Kbuild builds every module with, which decide what a port must not contain. */
export type KernelWarningId =
  | "werror-strict-prototypes"
  | "werror-implicit-function-declaration"
  | "werror-implicit-int"
  | "werror-return-type"
  | "werror-incompatible-pointer-types"
  | "werror-date-time"
  | "wall"
  | "wundef"
  | "wvla"
  | "wimplicit-fallthrough-5"
  | "fallthrough-keyword"
  | "wdeclaration-after-statement"
  | "frame-warn-2048"
  | "integer-constant-so-large";

/** Where the 6.1 flags were read: the Makefile Debian 12's kernel headers ship. */
const MAKEFILE_61 = "the top-level Makefile's KBUILD_CFLAGS, read in Debian 12's linux-headers-6.1.0-57-common (Linux 6.1.192)";

export const KERNEL_API: readonly KernelApiFact[] = [
  {
    id: "werror-strict-prototypes",
    what: "-Werror=strict-prototypes: a function declared or defined with an empty () instead of (void) or its parameters stops the build",
    source: MAKEFILE_61,
  },
  {
    id: "werror-implicit-function-declaration",
    what: "-Werror=implicit-function-declaration: calling a function no header or earlier declaration declares stops the build",
    source: MAKEFILE_61,
  },
  {
    id: "werror-implicit-int",
    what: "-Werror=implicit-int: a declaration without a type (old C's implicit int) stops the build",
    source: MAKEFILE_61,
  },
  {
    id: "werror-return-type",
    what: "-Werror=return-type: a non-void function that can reach its end without returning a value stops the build",
    source: MAKEFILE_61,
  },
  {
    id: "werror-incompatible-pointer-types",
    what: "-Werror=incompatible-pointer-types: assigning or passing a pointer of an unrelated type stops the build",
    source: MAKEFILE_61,
  },
  {
    id: "werror-date-time",
    what: "-Werror=date-time: __DATE__, __TIME__ and __TIMESTAMP__ stop the build, which must be reproducible",
    source: MAKEFILE_61,
  },
  {
    id: "wall",
    what: "-Wall: among others -Wparentheses (an assignment used as a condition), -Wchar-subscripts (a char used as an array index), -Wcomment (a // comment continued by a backslash), -Wunused-variable; -Wno-pointer-sign and -Wno-maybe-uninitialized turn two off",
    source: MAKEFILE_61,
  },
  {
    id: "wundef",
    what: "-Wundef: an undefined identifier in an #if warns instead of counting as 0",
    source: MAKEFILE_61,
  },
  {
    id: "wvla",
    what: "-Wvla: an array whose size is known only at run time (a variable-length array) warns",
    since: "4.20",
    source: "commit \"Makefile: Globally enable VLA warning\" (Linux 4.20); " + MAKEFILE_61,
  },
  {
    id: "wimplicit-fallthrough-5",
    what: "-Wimplicit-fallthrough=5: a case that runs on into the next warns unless the fallthrough statement says so; at level 5 no comment counts",
    since: "5.3",
    source: "commit \"Makefile: Globally enable fall-through warning\" (Linux 5.3); CONFIG_CC_IMPLICIT_FALLTHROUGH=\"-Wimplicit-fallthrough=5\" in Debian 12's 6.1 .config",
  },
  {
    id: "fallthrough-keyword",
    what: "fallthrough; (the statement attribute __attribute__((__fallthrough__)), from <linux/compiler_attributes.h>) marks a deliberate fall-through",
    since: "5.4",
    source: "commit \"compiler_attributes.h: Add 'fallthrough' pseudo keyword for switch/case use\" (Linux 5.4); include/linux/compiler_attributes.h",
  },
  {
    id: "wdeclaration-after-statement",
    what: "-Wdeclaration-after-statement: a declaration after a statement in a block warns",
    removedIn: "6.5",
    source:
      "commit \"kbuild: Drop -Wdeclaration-after-statement\" (Linux 6.5, for the scope-based cleanup helpers); the flag is already gone from Debian 12's 6.1.192 Makefile, so 6.1.y took the change later",
  },
  {
    id: "frame-warn-2048",
    what: "-Wframe-larger-than=2048: a function whose stack frame exceeds 2048 bytes warns (CONFIG_FRAME_WARN's default on 64-bit)",
    source: "lib/Kconfig.debug (FRAME_WARN: default 2048 if 64BIT); CONFIG_FRAME_WARN=2048 in Debian 12's 6.1 .config",
  },
  {
    id: "integer-constant-so-large",
    what: "a decimal constant above 9223372036854775807 without a U suffix warns \"integer constant is so large that it is unsigned\" in every build: no -W option turns it on or off",
    source: "gcc 12.2 (Debian 12's, the compiler its 6.1 kernel is built with), run on such a constant with -std=gnu11 and no warning options; gcc types the constant __int128 on x86-64",
  },
  {
    id: "get_random_u32",
    what: "get_random_u32() returns 32 random bits from the kernel's CRNG",
    since: "4.11",
    source: "commit \"random: add get_random_{u32,u64}\" (Linux 4.11); include/linux/random.h",
  },
  {
    id: "get_random_u32_below",
    what: "get_random_u32_below(n) returns a uniform number from 0 to n - 1",
    since: "6.2",
    backports: { "6.1": "6.1.4" },
    source:
      "commit \"random: add helpers for random numbers with given floor or range\" (Linux 6.2), taken into 6.1.y stable at 6.1.4 (Debian 12's 6.1 headers have it: include/linux/random.h)",
  },
  {
    id: "prandom_u32_max",
    what: "prandom_u32_max(n) returns a number from 0 to n - 1, the older kernels' bounded helper",
    since: "3.14",
    source:
      "commit \"random32: add prandom_u32_max and convert open coded users\" (Linux 3.14); superseded by get_random_u32_below() in 6.2, whose conversion series replaced its callers",
  },
  {
    id: "krealloc_array",
    what: "krealloc_array(p, n, size, flags) reallocates an array with an overflow check on n * size",
    since: "5.12",
    source: "commit \"mm: slab: provide krealloc_array()\" (Linux 5.12); include/linux/slab.h",
  },
  {
    id: "strlcpy",
    what: "strlcpy() copies a string with truncation and returns strlen(src)",
    removedIn: "6.8",
    source: "commit \"string: Remove strlcpy()\" (Linux 6.8), after every caller moved to strscpy()",
  },
  {
    id: "linux-stdarg-h",
    what: "va_list and va_start() come from <linux/stdarg.h>; the compiler's <stdarg.h> is no longer on a module's include path",
    since: "5.15",
    source: "commit \"include: add linux/stdarg.h\" and the kbuild change that stopped adding the compiler's include directory (Linux 5.15)",
  },
  {
    id: "missing-prototypes-by-default",
    what: "-Wmissing-prototypes is on in every build, not only with W=1: a global function without a prior declaration warns",
    since: "6.8",
    source: "commit \"Makefile.extrawarn: turn on missing-prototypes globally\" (Linux 6.8); scripts/Makefile.extrawarn",
  },
  {
    id: "module-description-w1-warning",
    what: "modpost warns about a module without MODULE_DESCRIPTION() in W=1 builds",
    since: "6.5",
    source: "commit \"script: modpost: emit a warning when the description is missing\" (2023, Linux 6.5); scripts/mod/modpost.c",
  },
  {
    id: "module-description-warning",
    what: "modpost warns about a module without MODULE_DESCRIPTION() in every build",
    since: "6.15",
    source: "modpost, Linux 6.15, as stated in kernelize issue #7 (not checked against a 6.15 tree here)",
  },
];

const byId = new Map(KERNEL_API.map((f) => [f.id, f]));

export function kernelApiFact(id: KernelApiId): KernelApiFact {
  return byId.get(id)!;
}

/** Whether the release series `v` has the API (or the build behaviour) `id`. */
export function kernelHas(v: KernelVersion, id: KernelApiId): boolean {
  const fact = kernelApiFact(id);
  if (fact.removedIn && atLeast(v, fact.removedIn)) return false;
  if (!fact.since) return true;
  if (atLeast(v, fact.since)) return true;
  return fact.backports?.[`${v.major}.${v.minor}`] !== undefined;
}
