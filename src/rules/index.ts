// Every rule, grouped into the phases of a port; each phase sees the previous phase's output, parsed again.
import type { Phases } from "../core/pipeline.js";
import type { Rule } from "../core/rule.js";
import exitsToErrorReturns from "./exits-to-error-returns.js";
import freeToKfree from "./free-to-kfree.js";
import libcIncludesToKernelHeaders from "./libc-includes-to-kernel-headers.js";
import mainToModuleInit from "./main-to-module-init.js";
import mallocToKmalloc from "./malloc-to-kmalloc.js";
import moduleRegistration from "./module-registration.js";
import printfToPrInfo from "./printf-to-pr-info.js";
import strdupToKstrdup from "./strdup-to-kstrdup.js";
import stringFunctionsKept from "./string-functions-kept.js";

/**
 * 1. Program structure. 2. Library calls, which may sit in code phase 1 rewrote; the includes rule
 * runs last in that phase, once every other rule has said which headers it needs.
 */
export const phases: Phases = [
  [mainToModuleInit, exitsToErrorReturns, moduleRegistration],
  [
    // allocation
    mallocToKmalloc,
    strdupToKstrdup,
    freeToKfree,
    // output
    printfToPrInfo,
    // strings and memory
    stringFunctionsKept,
    // conversions, characters, sorting and searching
    // assertions, randomness, time and sleeping
    // last: every rule above has said which headers it needs
    libcIncludesToKernelHeaders,
  ],
];

export const rules: Rule[] = phases.flat();
