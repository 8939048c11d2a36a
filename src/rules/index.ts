// Every rule, grouped into the phases of a port; each phase sees the previous phase's output, parsed again.
import type { Phases } from "../core/pipeline.js";
import type { Rule } from "../core/rule.js";
import freeToKfree from "./free-to-kfree.js";
import libcIncludesToKernelHeaders from "./libc-includes-to-kernel-headers.js";
import mainToModuleInit from "./main-to-module-init.js";
import mallocToKmalloc from "./malloc-to-kmalloc.js";
import moduleRegistration from "./module-registration.js";
import printfToPrInfo from "./printf-to-pr-info.js";
import strdupToKstrdup from "./strdup-to-kstrdup.js";
import stringFunctionsKept from "./string-functions-kept.js";

/** 1. program structure; 2. library calls, which may sit inside code phase 1 moved; 3. headers, once every rule has said what it needs. */
export const phases: Phases = [
  [mainToModuleInit, moduleRegistration],
  [mallocToKmalloc, strdupToKstrdup, freeToKfree, printfToPrInfo, stringFunctionsKept],
  [libcIncludesToKernelHeaders],
];

export const rules: Rule[] = phases.flat();
