// Every rule, grouped into the phases of a port; each phase sees the previous phase's output, parsed again.
import type { Phases } from "../core/pipeline.js";
import type { Rule } from "../core/rule.js";
import argvToModuleParams from "./argv-to-module-params.js";
import callocToKcalloc from "./calloc-to-kcalloc.js";
import exitsToErrorReturns from "./exits-to-error-returns.js";
import fflushRemoved from "./fflush-removed.js";
import fprintfToPrInfoOrPrErr from "./fprintf-to-pr-info-or-pr-err.js";
import fputsToPrInfoOrPrErr from "./fputs-to-pr-info-or-pr-err.js";
import freeToKfree from "./free-to-kfree.js";
import libcIncludesToKernelHeaders from "./libc-includes-to-kernel-headers.js";
import mainToModuleInit from "./main-to-module-init.js";
import mallocToKmalloc from "./malloc-to-kmalloc.js";
import moduleRegistration from "./module-registration.js";
import perrorToPrErr from "./perror-to-pr-err.js";
import printfToPrInfo from "./printf-to-pr-info.js";
import putcharToPrCont from "./putchar-to-pr-cont.js";
import putsToPrInfo from "./puts-to-pr-info.js";
import reallocToKrealloc from "./realloc-to-krealloc.js";
import reallocarrayToKreallocArray from "./reallocarray-to-krealloc-array.js";
import strdupToKstrdup from "./strdup-to-kstrdup.js";
import strndupToKstrndup from "./strndup-to-kstrndup.js";
import stringFunctionsKept from "./string-functions-kept.js";
import warnToPrWarn from "./warn-to-pr-warn.js";

/**
 * 1. Program structure. 2. Library calls, which may sit in code phase 1 rewrote; the includes rule
 * runs last in that phase, once every other rule has said which headers it needs.
 */
export const phases: Phases = [
  [mainToModuleInit, argvToModuleParams, exitsToErrorReturns, moduleRegistration],
  [
    // allocation
    mallocToKmalloc,
    callocToKcalloc,
    reallocToKrealloc,
    reallocarrayToKreallocArray,
    strdupToKstrdup,
    strndupToKstrndup,
    freeToKfree,
    // output
    printfToPrInfo,
    putsToPrInfo,
    putcharToPrCont,
    fprintfToPrInfoOrPrErr,
    fputsToPrInfoOrPrErr,
    perrorToPrErr,
    warnToPrWarn,
    fflushRemoved,
    // strings and memory
    stringFunctionsKept,
    // conversions, characters, sorting and searching
    // assertions, randomness, time and sleeping
    // last: every rule above has said which headers it needs
    libcIncludesToKernelHeaders,
  ],
];

export const rules: Rule[] = phases.flat();
