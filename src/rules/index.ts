// Every rule, grouped into the phases of a port; each phase sees the previous phase's output, parsed again.
import type { Phases } from "../core/pipeline.js";
import type { Rule } from "../core/rule.js";
import allocationResultsChecked from "./allocation-results-checked.js";
import atexitDefined from "./atexit-defined.js";
import threadLocalStorageRemoved from "./thread-local-storage-removed.js";
import constructorDestructorFunctionsCalled from "./constructor-destructor-functions-called.js";
import blankLineAfterDeclarations from "./blank-line-after-declarations.js";
import ifArmsBraced from "./if-arms-braced.js";
import errorCallsToErr from "./error-calls-to-err.js";
import byteOrderFunctionsToKernel from "./byte-order-functions-to-kernel.js";
import blockArraysDeclaredFirst from "./block-arrays-declared-first.js";
import attributeNamesReservedSpelling from "./attribute-names-reserved-spelling.js";
import deprecatedAttributesRemoved from "./deprecated-attributes-removed.js";
import autoStorageClassRemoved from "./auto-storage-class-removed.js";
import recursiveMainSplit from "./recursive-main-split.js";
import voidMainReturnsInt from "./void-main-returns-int.js";
import mainAssertionsEndProgram from "./main-assertions-end-program.js";
import missingReturnsCompleted from "./missing-returns-completed.js";
import noreturnAttributesRemoved from "./noreturn-attributes-removed.js";
import blockCommentsKernelFormat from "./block-comments-kernel-format.js";
import minmaxMacrosToKernel from "./minmax-macros-to-kernel.js";
import oomMessagesRemoved from "./oom-messages-removed.js";
import constStringTables from "./const-string-tables.js";
import fileScopeStatic from "./file-scope-static.js";
import initExitSections from "./init-exit-sections.js";
import initWrapperEndsTheProgram from "./init-wrapper-ends-the-program.js";
import outputLineBuffers from "./output-line-buffers.js";
import moduleMetadata from "./module-metadata.js";
import macroValuesParenthesized from "./macro-values-parenthesized.js";
import typedefsToStructTags from "./typedefs-to-struct-tags.js";
import nullComparisonsToNegation from "./null-comparisons-to-negation.js";
import sizeofDivisionToArraySize from "./sizeof-division-to-array-size.js";
import sizeofParentheses from "./sizeof-parentheses.js";
import stackArraysToKmalloc from "./stack-arrays-to-kmalloc.js";
import largeStackFramesToHeap from "./large-stack-frames-to-heap.js";
import variableLengthArrayDeclarationsSplit from "./variable-length-array-declarations-split.js";
import variableLengthArraysToHeap from "./variable-length-arrays-to-heap.js";
import exitingCallsHoisted from "./exiting-calls-hoisted.js";
import longLoopsCondResched from "./long-loops-cond-resched.js";
import recursionStackGuarded from "./recursion-stack-guarded.js";
import endingMacrosExpanded from "./ending-macros-expanded.js";
import statementHeaderMacrosExpanded from "./statement-header-macros-expanded.js";
import strerrorDefined from "./strerror-defined.js";
import asprintfDefined from "./asprintf-defined.js";
import sscanfEofReturned from "./sscanf-eof-returned.js";
import maxAlignTDefined from "./max-align-t-defined.js";
import stdintTypesToKernelTypes from "./stdint-types-to-kernel-types.js";
import zeroInitialisedStatics from "./zero-initialised-statics.js";
import emptyParameterListsToVoid from "./empty-parameter-lists-to-void.js";
import multiCharacterConstantsToValues from "./multi-character-constants-to-values.js";
import largeIntegerConstantsSuffixed from "./large-integer-constants-suffixed.js";
import charSubscriptsCast from "./char-subscripts-cast.js";
import implicitFallthroughMarked from "./implicit-fallthrough-marked.js";
import assignmentConditionsParenthesized from "./assignment-conditions-parenthesized.js";
import lineCommentContinuationsClosed from "./line-comment-continuations-closed.js";
import unusedVariablesRemoved from "./unused-variables-removed.js";
import eofToMinusOne from "./eof-to-minus-one.js";
import exitStatusMacrosToValues from "./exit-status-macros-to-values.js";
import c11HeaderMacrosToKeywords from "./c11-header-macros-to-keywords.js";
import wideCharactersToS32 from "./wide-characters-to-s32.js";
import sscanfKept from "./sscanf-kept.js";
import vaListMacrosKept from "./va-list-macros-kept.js";
import divLdivDefined from "./div-ldiv-defined.js";
import isblankMemccpyDefined from "./isblank-memccpy-defined.js";
import stpcpyStpncpyDefined from "./stpcpy-stpncpy-defined.js";
import constArraySizesInlined from "./const-array-sizes-inlined.js";
import absLabsToAbs from "./abs-labs-to-abs.js";
import argvToModuleParams from "./argv-to-module-params.js";
import assertToWarnOn from "./assert-to-warn-on.js";
import atoiAtolDefined from "./atoi-atol-defined.js";
import atoiStrtolToKstrto from "./atoi-strtol-to-kstrto.js";
import errnoToModuleVariable from "./errno-to-module-variable.js";
import bsearchKept from "./bsearch-kept.js";
import callocToKcalloc from "./calloc-to-kcalloc.js";
import ctypeCLocaleDefined from "./ctype-c-locale-defined.js";
import cLocaleDefined from "./c-locale-defined.js";
import ctypeFunctionsKept from "./ctype-functions-kept.js";
import exitsToErrorReturns from "./exits-to-error-returns.js";
import fflushRemoved from "./fflush-removed.js";
import stdioBufferingRemoved from "./stdio-buffering-removed.js";
import stringsHFunctionsToKernel from "./strings-h-functions-to-kernel.js";
import sourcePositionsKept from "./source-positions-kept.js";
import ferrorClearerrOnLogStreams from "./ferror-clearerr-on-log-streams.js";
import fprintfToPrInfoOrPrErr from "./fprintf-to-pr-info-or-pr-err.js";
import fputsToPrInfoOrPrErr from "./fputs-to-pr-info-or-pr-err.js";
import oldStyleDefinitionsToPrototypes from "./old-style-definitions-to-prototypes.js";
import implicitIntMadeExplicit from "./implicit-int-made-explicit.js";
import freeReferencesToCallback from "./free-references-to-callback.js";
import bitBuiltinsToKernel from "./bit-builtins-to-kernel.js";
import conditionalFormatsSplit from "./conditional-formats-split.js";
import libraryPrototypesRemoved from "./library-prototypes-removed.js";
import fwriteToLineBuffer from "./fwrite-to-line-buffer.js";
import freeToKfree from "./free-to-kfree.js";
import inttypesFormatMacrosToLiterals from "./inttypes-format-macros-to-literals.js";
import kernelMacroClashUndef from "./kernel-macro-clash-undef.js";
import kernelNameClashesRenamed from "./kernel-name-clashes-renamed.js";
import libcIncludesToKernelHeaders from "./libc-includes-to-kernel-headers.js";
import mainToModuleInit from "./main-to-module-init.js";
import mallocToKmalloc from "./malloc-to-kmalloc.js";
import moduleRegistration from "./module-registration.js";
import perrorToPrErr from "./perror-to-pr-err.js";
import printfAlternateHexZero from "./printf-alternate-hex-zero.js";
import printfIgnoredZeroFlagRemoved from "./printf-ignored-zero-flag-removed.js";
import unusedStaticDefinitionsMarked from "./unused-static-definitions-marked.js";
import unusedLabelsRemoved from "./unused-labels-removed.js";
import formatArgumentTypesMatched from "./format-argument-types-matched.js";
import printfNullPointerNil from "./printf-null-pointer-nil.js";
import printfToPrInfo from "./printf-to-pr-info.js";
import putcharToPrInfo from "./putchar-to-pr-info.js";
import putsToPrInfo from "./puts-to-pr-info.js";
import qsortDefined from "./qsort-defined.js";
import randSrandDefined from "./rand-srand-defined.js";
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
import strtokDefined from "./strtok-defined.js";
import timeToKtime from "./time-to-ktime.js";
import timeTypesToTime64 from "./time-types-to-time64.js";
import trackedAllocations from "./tracked-allocations.js";
import warnToPrWarn from "./warn-to-pr-warn.js";
import vprintfToLineBuffer from "./vprintf-to-line-buffer.js";
import libraryValuesWrapped from "./library-values-wrapped.js";
import streamVariablesSplit from "./stream-variables-split.js";
import int128DivisionDefined from "./int128-division-defined.js";
import getoptDefined from "./getopt-defined.js";

/**
 * 0. Renames. 1. Program structure. 2. Library calls, which may sit in code phase 1 rewrote; the includes rule
 * runs once every other rule has said which headers it needs. 2b. The removal of unused
 * variables, after all of them. 3. Large
 * stack arrays. 4. Finishing touches the kernel's tools ask for, which only some targets need.
 */
export const phases: Phases = [
  // 000. A function declared without a type (C89's implicit int, K&R's main()) gets its int before
  // anything reads the program: the grammar cannot read such a definition, and the syntax check
  // comes after this phase. A K&R definition declares its parameters in its parentheses there
  // too (the grammar cannot read one that returns a pointer), so that every later rule (main()'s
  // arguments above all) reads a prototype. A macro that stands for a loop's or a test's head
  // (FOR(i, 0, n)) is written out where it is used, for the same reason: the grammar reads no
  // statement after what looks like a call. glibc's error() becomes err() and its kin here too,
  // before the program is checked: error(1, errno, …) names errno only as err() means it.
  [statementHeaderMacrosExpanded, implicitIntMadeExplicit, oldStyleDefinitionsToPrototypes, errorCallsToErr],
  // 00. Macros whose bodies can end the program are written out where they are used, so that every
  // later phase (the exits above all) reads their code.
  // void main() returns int first too: the exits are read from an int main(). main()'s assertions
  // become the abort() they end in, for the same reason.
  // Constructors are called at main()'s start and destructors registered with atexit() there, so
  // that atexit-defined, next, defines atexit() for them.
  [endingMacrosExpanded, voidMainReturnsInt, constructorDestructorFunctionsCalled, mainAssertionsEndProgram],
  // 0. Names the kernel already uses are renamed first, so that every later rule sees the new names.
  // atexit() handlers are set up while the program's ends are still the C library's calls.
  // __func__ in main() and __LINE__ are read while main() has its name and every line its number.
  // A library function passed as a value becomes a function whose call it is, a phase before 0a,
  // which splits the calls on a stream variable its body may make (fputs(s, stream)).
  // A main() that calls itself keeps its body in a recursive function, before main() becomes init.
  // A function that can run off its end without a value returns 0 there, before the exits are read.
  [kernelNameClashesRenamed, atexitDefined, sourcePositionsKept, libraryValuesWrapped, recursiveMainSplit, missingReturnsCompleted],
  // 0a. A format chosen between literals by a condition becomes a choice between two calls, and a
  // call on a stream variable a choice between the call on stderr and on stdout: calls the later
  // phases port.
  [conditionalFormatsSplit, streamVariablesSplit, getoptDefined],
  // 0b. A declaration of several variables among which an array moves to the heap (0b', 0c) becomes one declaration each.
  [variableLengthArrayDeclarationsSplit],
  // 0b''. A large array of an inner block, in a function whose frame is too big, is declared at the
  // function's top, where 0b' takes it to the heap: on the declarations 0b split.
  [blockArraysDeclaredFirst],
  // 0b'. An allocation's result used without a NULL test gets one that ends the program, and a frame too big for a
  // kernel stack gets its arrays from the heap, failing the same way: both before phase 1 reads the exits.
  [allocationResultsChecked, largeStackFramesToHeap],
  // 0c. Variable-length arrays the same way, on the text 0b' left, so that a function can have both moves.
  [variableLengthArraysToHeap],
  // 0c'. A recursion of unknown depth checks the stack at each level and fails where it runs low:
  // an exit of the program's, before 0d and phase 1 read the exits.
  [recursionStackGuarded],
  // 0d. A call that can end the program, inside a larger statement, made first in a statement of its
  // own: after 0b and 0c, whose failures end the program too, and before phase 1 checks each call.
  [exitingCallsHoisted],
  [mainToModuleInit, argvToModuleParams, exitsToErrorReturns, moduleRegistration, moduleMetadata],
  [
    // allocation
    mallocToKmalloc,
    callocToKcalloc,
    reallocToKrealloc,
    reallocarrayToKreallocArray,
    strdupToKstrdup,
    strndupToKstrndup,
    freeToKfree,
    freeReferencesToCallback,
    // output
    printfToPrInfo,
    printfAlternateHexZero,
    printfIgnoredZeroFlagRemoved,
    formatArgumentTypesMatched,
    printfNullPointerNil,
    putsToPrInfo,
    putcharToPrInfo,
    fprintfToPrInfoOrPrErr,
    vprintfToLineBuffer,
    fputsToPrInfoOrPrErr,
    fwriteToLineBuffer,
    perrorToPrErr,
    warnToPrWarn,
    fflushRemoved,
    stdioBufferingRemoved,
    ferrorClearerrOnLogStreams,
    // every output call above has its route: the line buffers the buffered ones print through
    outputLineBuffers,
    // strings and memory
    stringFunctionsKept,
    stringsHFunctionsToKernel,
    strcpyToStrscpy,
    sprintfToSnprintf,
    snprintfAppendToScnprintf,
    strtokDefined,
    // conversions, characters, sorting and searching
    atoiStrtolToKstrto,
    errnoToModuleVariable,
    strerrorDefined,
    atoiAtolDefined,
    sscanfKept,
    sscanfEofReturned,
    vaListMacrosKept,
    absLabsToAbs,
    bitBuiltinsToKernel,
    byteOrderFunctionsToKernel,
    int128DivisionDefined,
    divLdivDefined,
    isblankMemccpyDefined,
    stpcpyStpncpyDefined,
    asprintfDefined,
    maxAlignTDefined,
    kernelMacroClashUndef,
    ctypeFunctionsKept,
    ctypeCLocaleDefined,
    cLocaleDefined,
    inttypesFormatMacrosToLiterals,
    stdintLimitsToKernelLimits,
    eofToMinusOne,
    exitStatusMacrosToValues,
    c11HeaderMacrosToKeywords,
    wideCharactersToS32,
    qsortDefined,
    bsearchKept,
    // assertions, randomness, time and sleeping
    assertToWarnOn,
    randSrandDefined,
    randToGetRandomU32,
    timeToKtime,
    timeTypesToTime64,
    sleepToMsleep,
    // arrays C calls variable-length whose size is a constant after all
    constArraySizesInlined,
    // the kernel style's changes that need a header
    stdintTypesToKernelTypes,
    sizeofDivisionToArraySize,
    // a case that runs on into the next says so (the control flow is final after phase 1)
    implicitFallthroughMarked,
    // a scheduling point in each long loop of init's, once init has its name (phase 1), on the
    // loops as the program wrote them: the rules above edit inside a loop's body, never its ends
    longLoopsCondResched,
    // the program's own declarations of the library functions the rules above port
    libraryPrototypesRemoved,
    // every rule above has said which headers it needs
    libcIncludesToKernelHeaders,
  ],
  // 2b. Local variables nothing uses, once phase 1 removed what it removes: a phase of its own, so
  // that a declaration phase 2 rewrote (int64_t to s64) goes now, not when the module is ported again.
  [unusedVariablesRemoved],
  // 3. Large stack arrays, once every return is in its final form (it adds linux/slab.h itself);
  // the allocation tracker, once every allocator has its kernel name (it adds its headers itself);
  // a // comment a backslash continues becomes a block comment, a phase before the kernel style lays block comments out.
  [stackArraysToKmalloc, trackedAllocations, lineCommentContinuationsClosed],
  // 4. What the kernel's tools ask of the finished module: its compiler's flags (every port), the
  // kernel style, and static linkage from Linux 6.8 on; none of them goes through the includes
  // rule (a rule that needs a header adds it itself).
  [emptyParameterListsToVoid, multiCharacterConstantsToValues, largeIntegerConstantsSuffixed, charSubscriptsCast, deprecatedAttributesRemoved, autoStorageClassRemoved, threadLocalStorageRemoved, noreturnAttributesRemoved, attributeNamesReservedSpelling, assignmentConditionsParenthesized, fileScopeStatic, initExitSections, minmaxMacrosToKernel, sizeofParentheses, nullComparisonsToNegation, zeroInitialisedStatics, constStringTables, macroValuesParenthesized, typedefsToStructTags, oomMessagesRemoved, blockCommentsKernelFormat, blankLineAfterDeclarations],
  // 5. Once init has its final form (its sections included): the program ends when it returns (atexit() handlers, buffered output).
  [initWrapperEndsTheProgram],
  // 6. Last, once nothing calls or jumps anywhere new: what is left unused of the program's own
  // (a static helper, a label) draws gcc's "defined but not used", which the kernel build reports.
  // The kernel style braces every arm of an if/else chain one of whose arms has braces, once no
  // rule writes a failure path into an arm any more.
  [unusedStaticDefinitionsMarked, unusedLabelsRemoved, ifArmsBraced],
];

export const rules: Rule[] = phases.flat();
