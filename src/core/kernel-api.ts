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
  | "module-description-warning";

export const KERNEL_API: readonly KernelApiFact[] = [
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
