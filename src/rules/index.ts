// Every rule, grouped into the phases of a port; each phase sees the previous phase's output, parsed again.
import type { Phases } from "../core/pipeline.js";
import type { Rule } from "../core/rule.js";
import absLabsToAbs from "./abs-labs-to-abs.js";
import argvToModuleParams from "./argv-to-module-params.js";
import assertToWarnOn from "./assert-to-warn-on.js";
import atoiStrtolToKstrto from "./atoi-strtol-to-kstrto.js";
import bsearchKept from "./bsearch-kept.js";
import callocToKcalloc from "./calloc-to-kcalloc.js";
import ctypeFunctionsKept from "./ctype-functions-kept.js";
import exitsToErrorReturns from "./exits-to-error-returns.js";
import fflushRemoved from "./fflush-removed.js";
import fprintfToPrInfoOrPrErr from "./fprintf-to-pr-info-or-pr-err.js";
import fputsToPrInfoOrPrErr from "./fputs-to-pr-info-or-pr-err.js";
import freeToKfree from "./free-to-kfree.js";
import inttypesFormatMacrosToLiterals from "./inttypes-format-macros-to-literals.js";
import kernelMacroClashUndef from "./kernel-macro-clash-undef.js";
import libcIncludesToKernelHeaders from "./libc-includes-to-kernel-headers.js";
import mainToModuleInit from "./main-to-module-init.js";
import mallocToKmalloc from "./malloc-to-kmalloc.js";
import moduleRegistration from "./module-registration.js";
import perrorToPrErr from "./perror-to-pr-err.js";
import printfToPrInfo from "./printf-to-pr-info.js";
import putcharToPrCont from "./putchar-to-pr-cont.js";
import putsToPrInfo from "./puts-to-pr-info.js";
import qsortToSort from "./qsort-to-sort.js";
import randToGetRandomU32 from "./rand-to-get-random-u32.js";
import reallocToKrealloc from "./realloc-to-krealloc.js";
import reallocarrayToKreallocArray from "./reallocarray-to-krealloc-array.js";
import sleepToMsleep from "./sleep-to-msleep.js";
import snprintfAppendToScnprintf from "./snprintf-append-to-scnprintf.js";
import sprintfToSnprintf from "./sprintf-to-snprintf.js";
import stdintLimitsToKernelLimits from "./stdint-limits-to-kernel-limits.js";
import strcpyToStrscpy from "./strcpy-to-strscpy.js";
import strdupToKstrdup from "./strdup-to-kstrdup.js";
import strndupToKstrndup from "./strndup-to-kstrndup.js";
import stringFunctionsKept from "./string-functions-kept.js";
import strtokRefused from "./strtok-refused.js";
import timeToKtime from "./time-to-ktime.js";
import timeTypesToTime64 from "./time-types-to-time64.js";
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
    strcpyToStrscpy,
    sprintfToSnprintf,
    snprintfAppendToScnprintf,
    strtokRefused,
    // conversions, characters, sorting and searching
    atoiStrtolToKstrto,
    absLabsToAbs,
    kernelMacroClashUndef,
    ctypeFunctionsKept,
    inttypesFormatMacrosToLiterals,
    stdintLimitsToKernelLimits,
    qsortToSort,
    bsearchKept,
    // assertions, randomness, time and sleeping
    assertToWarnOn,
    randToGetRandomU32,
    timeToKtime,
    timeTypesToTime64,
    sleepToMsleep,
    // last: every rule above has said which headers it needs
    libcIncludesToKernelHeaders,
  ],
];

export const rules: Rule[] = phases.flat();
