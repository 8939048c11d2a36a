// What lies outside the portable subset: headers, calls and constructs a module cannot have, each with its reason.
import type { FlowGraphs } from "./flow/graph.js";
import type { Node } from "../core/syntax-tree.js";
import { declaratorName } from "../core/syntax.js";
import type { DiagnosticCode } from "../core/diagnostics.js";
import type { ProgramFacts } from "./program.js";
import { isDeclaredVariable, typedefNames } from "./declared-names.js";
import { arrayCount, foldConstant, LIBRARY_CONSTANTS, TYPE_SIZES } from "./constant-value.js";
import { typeLayout } from "./type-sizes.js";
import { functionMacrosExpanded } from "./macro-expansion.js";
import { wordOffsets, wordsAmong } from "../core/words.js";
import { constLocalValue } from "./const-locals.js";
import { arrayDimensions, heapVariableLengthArray } from "./heap-arrays.js";
import { moduleErrno } from "./module-errno.js";
import { depthBounded, recursions } from "./recursion.js";
import { THREAD_SIZE } from "./stack-frames.js";
import { REFUSED_TYPES, refusal, refusalForCall, refusalForHeader, refusalForName, refusalForType, STREAM_OPENERS } from "./refusals.js";

/** The type names that refuse a program by themselves: the refusals' own, and C's floating types. */
const REFUSED_TYPE_WORDS = new RegExp(`\\b(${[...REFUSED_TYPES, "float", "double"].join("|")})\\b`, "g");

/**
 * C library headers whose portable parts kernelize knows. Including one is fine; each function
 * the program calls from it must still be handled by a rule.
 */
export const PORTABLE_LIBC_HEADERS = new Set([
  // Byte order only (byte-order-functions-to-kernel): the rest of <arpa/inet.h> is refused by itself.
  "arpa/inet.h",
  "assert.h",
  "byteswap.h",
  "ctype.h",
  "endian.h",
  // glibc's error(), which error-calls-to-err writes as err() and its kin.
  "error.h",
  "err.h",
  "errno.h",
  "getopt.h",
  "inttypes.h",
  "limits.h",
  // The C locale only (c-locale-defined): the calls that name other locales' objects are refused by themselves.
  "locale.h",
  // Only for its integer parts (and abs()): floating-point types, literals, functions and constants are refused by themselves.
  "math.h",
  "stdalign.h",
  "stdarg.h",
  "stdbool.h",
  "stddef.h",
  "stdint.h",
  "stdio.h",
  "stdlib.h",
  "stdnoreturn.h",
  "string.h",
  "strings.h",
  // Types only (ssize_t, off_t, pid_t, u_int32_t, u_char…), each of which <linux/types.h> defines too.
  "sys/types.h",
  "time.h",
  "uchar.h",
  "unistd.h",
]);

/** Words followed by a parenthesis that are not calls. */
const NOT_CALLS = new Set(["if", "while", "for", "switch", "return", "sizeof", "alignof", "_Alignof", "typeof", "__typeof__", "_Generic", "_Static_assert", "static_assert", "defined", "__attribute__", "asm", "__asm__", "__asm", "case", "do", "else"]);

/** Arrays bigger than this on the stack are worth a warning: kernel stacks are 8-16 KiB in all. */
export const STACK_ARRAY_LIMIT = 256;



export interface PortabilityProblem {
  code: DiagnosticCode;
  node: Node;
  message: string;
  note: string;
}

/**
 * Bytes a function-local array `T name[N]` takes, when N is a constant (a number, or with the
 * program's facts a macro, a library limit or arithmetic on them) and T a type of known size.
 */
export function arrayBytes(declarator: Node, declaration: Node, program?: ProgramFacts): number | undefined {
  const size = declarator.childForFieldName("size");
  const count = size ? arrayCount(size.text, program) : undefined;
  const type = declaration.childForFieldName("type");
  const elementType = type?.text ?? "";
  const pointer = declarator.childForFieldName("declarator")?.type === "pointer_declarator" || declaration.text.slice(elementType.length).trimStart().startsWith("*");
  // A structure's or a union's elements (`struct label labels[128]`), where the file lays the type out.
  const element = pointer ? 8 : (TYPE_SIZES[elementType.replace(/^(unsigned|signed)\s+/, "")] ?? (/^(unsigned|signed)$/.test(elementType) ? 4 : program ? typeLayout(program, type)?.size : undefined));
  return count !== undefined && element !== undefined ? count * element : undefined;
}

/**
 * Every check reads the text first and asks the tree only about candidates, so that a large file
 * is not walked node by node from JavaScript.
 */
export function portabilityProblems(
  program: ProgramFacts,
  handled: ReadonlySet<string>,
  consumedErrno: ReadonlySet<number>,
  /** The flow graphs, for whether a module-local errno can hold what each read of errno sees. */
  graphs: FlowGraphs,
  /** Code the port removes (the command-line parsing), which needs no kernel counterpart. */
  removed: readonly Node[] = [],
): PortabilityProblem[] {
  const problems: PortabilityProblem[] = [];
  const isRemoved = (offset: number) => removed.some((r) => offset >= r.startIndex && offset < r.endIndex);
  const { root, source } = program;
  const at = (start: number, end: number) => root.descendantForIndex(start, end);
  const seen = new Set<string>();
  const once = (code: DiagnosticCode, node: Node) => {
    const key = `${code}:${node.startPosition.row}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  };

  const compiled = (offset: number) => program.isCompiled(offset);
  // GCC's nested functions: refused below, each for itself, so their calls are not the library's.
  const nestedDefinitions = nestedFunctions(program);
  const nestedNames = new Set(nestedDefinitions.map((n) => n.name));
  for (const include of program.includes) {
    if (!compiled(include.node.startIndex)) continue;
    const refused = include.system ? refusalForHeader(include.path) : undefined;
    if (!include.system) {
      problems.push({
        code: "K1010",
        node: include.node,
        message: `"${include.path}" is a local header; kernelize ports single-file programs`,
        note: "paste what the program uses from the header into the .c file, then port it",
      });
    } else if (refused) {
      problems.push({ code: refused.code, node: include.node, message: `<${include.path}>: ${refused.what} cannot be ported into a module`, note: refused.note });
    } else if (!PORTABLE_LIBC_HEADERS.has(include.path) && !include.path.startsWith("linux/") && !include.path.startsWith("asm/")) {
      problems.push({
        code: "K1002",
        node: include.node,
        message: `<${include.path}> has no kernel counterpart`,
        note: `kernelize ports programs that use ${[...PORTABLE_LIBC_HEADERS].map((h) => `<${h}>`).join(", ")}; a module cannot use the rest of the C library`,
      });
    }
  }

  // Calls: every `name(` is a candidate; names no rule handles are confirmed in the tree (not a
  // comment, a string, a keyword or a declaration). The program's own functions are recursion's.
  const confirmCall = (name: string, offset: number): Node | undefined => {
    const callee = at(offset, offset + name.length);
    if (callee?.type !== "identifier" || callee.startIndex !== offset) return undefined;
    const call = callee.parent;
    if (call?.type !== "call_expression" || call.startIndex !== callee.startIndex) return undefined;
    // `__attribute__((format(printf, 1, 2)))`: an attribute with arguments, which the grammar reads as a call.
    return call.parent?.type === "argument_list" && call.parent.parent?.type === "attribute_specifier" ? undefined : callee;
  };
  for (const m of source.matchAll(/\b([A-Za-z_]\w*)\s*\(/g)) {
    const name = m[1]!;
    if (NOT_CALLS.has(name) || !compiled(m.index)) continue;
    if (program.functions.has(name) || nestedNames.has(name)) continue;
    if (handled.has(name) || program.macros.has(name) || program.macroDefinedFunctions.has(name) || isRemoved(m.index)) continue;
    const callee = confirmCall(name, m.index);
    if (!callee) continue;
    // A call through a function pointer the program declares (`binop f`, `int (*f)(int)`, a local
    // `void (*log)(const char *)` named like a library function), and `T (*g)(T)`, which the
    // grammar reads as a call of the program's type T.
    if (typedefNames(program).has(name) || isDeclaredVariable(program, name, m.index)) continue;
    let refused = refusalForCall(name);
    if (refused?.code === "K3003" && /\bstdin\b/.test(callee.parent!.text)) refused = refusal("K3002");
    if (refused) {
      problems.push({ code: refused.code, node: callee, message: `${name}(): ${refused.what} cannot be ported into a module`, note: refused.note });
      continue;
    }
    problems.push({
      code: "K1003",
      node: callee,
      message: `${name}() has no kernel counterpart that kernelize knows`,
      note: `a module can call only what the kernel exports; rewrite this without ${name}(), or define it in the file`,
    });
  }

  // main()'s third parameter (`char *envp[]`, the environment) and `environ`: a module has no
  // environment. An envp main() never names goes with main()'s other parameters.
  const main = program.main;
  const envp = main?.parameterNames[2];
  for (const { word, index } of wordsAmong(source, new Set(["environ", "__environ", ...(envp ? [envp] : [])]), 0, source.length)) {
    const node = at(index, index + word.length);
    if (!compiled(index) || node?.type !== "identifier" || program.macros.has(word)) continue;
    const isEnvp = word === envp;
    if (isEnvp && !(index >= main!.body.startIndex && index < main!.body.endIndex)) continue;
    const what = isEnvp ? `${word}, main()'s third parameter (the environment),` : `${word} (the environment)`;
    if (once("K3010", node)) problems.push({ code: "K3010", node, message: `${what} cannot be ported into a module`, note: refusal("K3010").note });
  }
  // Types and literals that refuse a program by themselves.
  for (const m of source.matchAll(REFUSED_TYPE_WORDS)) {
    if (!compiled(m.index)) continue;
    const node = at(m.index, m.index + m[1]!.length);
    if (!node || node.startIndex !== m.index || (node.type !== "type_identifier" && node.type !== "primitive_type")) continue;
    // A FILE * of a program that opens no file is stdout or stderr (stream-variables-split).
    if (m[1] === "FILE" && program.libraryCallsNamed(STREAM_OPENERS).length === 0) continue;
    const refused = refusalForType(m[1]!) ?? refusal("K3001");
    if (once(refused.code, node)) problems.push({ code: refused.code, node, message: `'${m[1]}': ${refused.what} cannot be ported into a module`, note: refused.note });
  }
  // Wide strings: the kernel builds with -fshort-wchar, so L"…" is an array of 16-bit units there, and
  // printing one (%ls, or %lc for one character) converts through the locale, which a module has not.
  for (const m of source.matchAll(/(?<![\w'"])L"|%[-+ #0-9.*]*l[cs]/g)) {
    if (!compiled(m.index)) continue;
    const node = at(m.index, m.index + m[0].length);
    const literal = node?.type === "string_literal" ? node : node?.parent?.type === "string_literal" ? node.parent : undefined;
    if (!literal || (m[0] === 'L"' && literal.startIndex !== m.index)) continue;
    const refused = refusal("K3010");
    const what = m[0] === 'L"' ? "a wide string" : `${m[0]}, a wide-character conversion,`;
    if (once("K3010", literal)) problems.push({ code: "K3010", node: literal, message: `${what} cannot be ported into a module`, note: refused.note });
  }
  // Library constants that refuse a program: <math.h> is portable for what it has of integers, its
  // floating-point constants are not; MB_CUR_MAX is the longest character of the locale's encoding.
  const mathIncluded = program.includes.some((i) => i.path === "math.h");
  for (const m of source.matchAll(/\b(?:M_[A-Z0-9_]+|HUGE_VAL[FL]?|INFINITY|NAN|MB_CUR_MAX)\b/g)) {
    if (!compiled(m.index) || program.macros.has(m[0]) || (m[0] !== "MB_CUR_MAX" && !mathIncluded)) continue;
    const refused = refusalForName(m[0]);
    const node = at(m.index, m.index + m[0].length);
    if (!refused || !node || (node.type !== "identifier" && node.type !== "preproc_arg")) continue;
    if (once(refused.code, node)) problems.push({ code: refused.code, node, message: `${m[0]}: ${refused.what} cannot be ported into a module`, note: refused.note });
  }
  for (const m of source.matchAll(/(?<![\w.])(?:\d+\.\d*|\.\d+|\d+(?=[eE][+-]?\d))(?:[eE][+-]?\d+)?[fFlL]?(?![\w.])/g)) {
    if (!compiled(m.index)) continue;
    const node = at(m.index, m.index + m[0].length);
    if (node?.type !== "number_literal" || /^0[xX]/.test(node.text)) continue;
    const refused = refusal("K3001");
    if (once("K3001", node)) problems.push({ code: "K3001", node, message: `${node.text} is a floating-point number`, note: refused.note });
  }
  for (const m of source.matchAll(/\b(?:asm|__asm__|__asm)\b/g)) {
    if (!compiled(m.index)) continue;
    let node: Node | null = at(m.index, m.index + 1);
    while (node && node.type !== "gnu_asm_expression" && node.type !== "translation_unit") node = node.parent;
    if (node?.type === "gnu_asm_expression" && once("K3011", node)) {
      problems.push({ code: "K3011", node, message: "inline assembly cannot be ported into a module", note: refusal("K3011").note });
    }
  }

  // Arrays declared in functions: a run-time size is a VLA; a large constant size is worth a warning.
  const enumerators = enumeratorNames(program);
  const declarationShape = /^[ \t]*(?:(?:static|const|volatile|unsigned|signed|struct|union|enum|register)\s+)*[A-Za-z_]\w*[\s*]+[A-Za-z_]\w*\s*\[/gm;
  // A declarator after the first of a declaration (`int n2 = n, dist[n2];`, `char *s, *parts[n];`) starts after a comma:
  // only those whose bracket the tree says is an array declarator's are arrays.
  const laterDeclarator = /,\s*(?:\*\s*)*[A-Za-z_]\w*\s*\[/g;
  const brackets = new Set<number>();
  for (const m of [...source.matchAll(declarationShape), ...source.matchAll(laterDeclarator)]) brackets.add(m.index + m[0].length - 1);
  for (const bracket of [...brackets].sort((a, b) => a - b)) {
    if (!compiled(bracket)) continue;
    const open = at(bracket, bracket + 1);
    const declarator = open?.type === "[" ? open.parent : null;
    const owner = declarator?.type === "array_declarator" ? program.functions.enclosing(bracket) : undefined;
    if (!declarator || !owner) continue;
    let scope = declarator.parent;
    while (scope && (scope.type === "array_declarator" || scope.type === "pointer_declarator" || scope.type === "init_declarator")) scope = scope.parent;
    if (scope?.type !== "declaration") continue;
    const fn = { name: owner.name, start: owner.node.startIndex, end: owner.node.endIndex };
    // Any dimension of a run-time size makes it a VLA: `int a[4][n]` as much as `int a[n][4]`.
    const runtime = (x: Node) => hasRuntimeSize(program, x, fn, enumerators);
    const dimensions = arrayDimensions(declarator);
    if (dimensions.declarators.some(runtime)) {
      // variable-length-arrays-to-heap allocates it where it is declared.
      const facts = program.functions.get(fn.name);
      if (facts && heapVariableLengthArray(facts, declarator, runtime)) continue;
      problems.push({ code: "K3009", node: dimensions.outer, message: `array '${dimensions.outer.text}' has a size known only at run time (a variable-length array)`, note: refusal("K3009").note });
      continue;
    }
    // Large constant-size arrays are moved to kmalloc() or warned about by stack-arrays-to-kmalloc.
  }

  // Recursion: a cycle in the calls between the program's own functions. Where the program's
  // constants fix its depth and that depth takes more than the whole kernel stack, the port is
  // refused; elsewhere it is warned about, with what a level costs.
  for (const recursion of recursions(program)) {
    const { call: cycle, what, estimate } = recursion;
    const depth = estimate.depth;
    const total = depth ? depth.levels * estimate.levelBytes : 0;
    if (depth && total > THREAD_SIZE) {
      const line = depth.entry.startPosition.row + 1;
      problems.push({
        code: "K3017",
        node: depth.entry.parent!,
        message: `${depth.entry.parent!.text} recurses at least ${depth.levels} levels deep (${depth.how}); at ${estimate.levelBytes} bytes a level or more that is ${total} bytes of stack, more than the kernel's whole ${THREAD_SIZE}-byte stack`,
        note: `${what} (line ${cycle.node.startPosition.row + 1}), and the call at line ${line} fixes the depth: a kernel thread has ${THREAD_SIZE / 1024} KiB of stack, fixed, for its whole call chain, and running past it takes the machine down; make the recursion a loop, or lower the depth below ${Math.floor(THREAD_SIZE / estimate.levelBytes)} levels`,
      });
      continue;
    }
    const most = Math.floor(THREAD_SIZE / estimate.levelBytes);
    problems.push({
      code: "K3013",
      node: cycle.node,
      message: depth ? `${what}: at least ${depth.levels} levels from ${depth.entry.parent!.text} (${depth.how}), ${total} bytes of stack or more` : what,
      note: depth
        ? `each level takes kernel stack (${estimate.levelBytes} bytes or more here); the depth the program's constants give fits the ${THREAD_SIZE / 1024} KiB stack, but more than about ${most} levels would not${depthBounded(program, recursion) ? "" : ", and nothing in the function stops it deeper, so each level first checks the stack left (recursion-stack-guarded)"}`
        : `each level takes kernel stack (${estimate.levelBytes} bytes or more here), and more than about ${most} levels overflow the ${THREAD_SIZE / 1024} KiB stack; kernelize cannot tell the depth from the program's constants, so each level first checks the stack left, and the program ends with an error where it runs low (recursion-stack-guarded): make it a loop, or bound its depth`,
    });
  }

  for (const nested of nestedDefinitions) {
    if (!compiled(nested.definition.startIndex)) continue;
    const note = `define ${nested.name}() at file scope, passing what it uses of the enclosing function through a parameter or a file-scope variable`;
    if (nested.pointerUse) {
      if (once("K3018", nested.pointerUse)) {
        problems.push({
          code: "K3018",
          node: nested.pointerUse,
          message: `${nested.name}() is a function nested in another, used here as a pointer: GCC makes it a trampoline, code written on the stack at run time, and the kernel's stack cannot be executed`,
          note,
        });
      }
    } else if (nested.nameNode && once("K3019", nested.nameNode)) {
      problems.push({
        code: "K3019",
        node: nested.nameNode,
        message: `${nested.name}() is a function nested in another (a GCC extension): kernelize reads the program's functions at file scope only, and would take its returns for those of the function around it`,
        note,
      });
    }
  }

  // Only a few files mention errno at all: find it in the text, then ask the tree what each is.
  // Where a module-local errno can hold what the program reads, errno-to-module-variable ports it.
  const localErrno = moduleErrno(program, graphs, consumedErrno) !== undefined;
  for (const m of localErrno ? [] : source.matchAll(/\berrno\b/g)) {
    if (!compiled(m.index)) continue;
    const id = at(m.index, m.index + 5);
    if (id?.type !== "identifier" || consumedErrno.has(id.id)) continue;
    problems.push({
      code: "K1006",
      node: id,
      message: "the kernel has no errno",
      note: "kernel functions return a negative error code instead; kernelize recognises errno only in `int t = errno; cleanup(); errno = t; err(…);` before an exit",
    });
  }
  return problems;
}

/**
 * Whether an array declarator in the function `fn` (its text range) has a size known only at run
 * time: a name in it that is not a macro, an enumerator, a type's size or a const local with a constant value.
 */
export function hasRuntimeSize(program: ProgramFacts, declarator: Node, fn: { start: number; end: number }, enumerators = enumeratorNames(program)): boolean {
  const size = declarator.childForFieldName("size");
  if (!size) return false;
  // sizeof's operand is not evaluated: `char copy[sizeof src]` has a constant size, and so has
  // `char *seen[NELEMS(words)]`, once the macro is written out.
  const evaluated = functionMacrosExpanded(program, size.text).replace(/\bsizeof\s*\((?:[^()]|\([^()]*\))*\)|\bsizeof\s+[A-Za-z_]\w*(?:\s*(?:\.|->)\s*\w+|\s*\[[^\]]*\])*/g, "0");
  const identifiers = evaluated.match(/[A-Za-z_]\w*/g) ?? [];
  const isConstant = (id: string) => id === "sizeof" || program.macros.has(id) || LIBRARY_CONSTANTS.has(id) || enumerators.has(id) || TYPE_SIZES[id] !== undefined || id === "struct";
  // `const size_t N = 100; int a[N];`: const-array-sizes-inlined writes the value in the size.
  return identifiers.some((id) => !isConstant(id) && constLocalValue(program.source.slice(fn.start, fn.end), size.startIndex - fn.start, id, isConstant) === undefined);
}

/** Enumerator names, which are constants wherever they appear. */
export function enumeratorNames(program: ProgramFacts): Set<string> {
  const names = new Set<string>();
  for (const m of program.source.matchAll(/\benum\b/g)) {
    const specifier = program.root.descendantForIndex(m.index, m.index + 4)?.parent;
    const body = specifier?.type === "enum_specifier" ? specifier.childForFieldName("body") : null;
    for (const e of body?.namedChildren ?? []) {
      const name = e?.type === "enumerator" ? e.childForFieldName("name") : null;
      if (name) names.add(name.text);
    }
  }
  return names;
}

/**
 * GCC's nested functions (a definition inside a function's body), each with the first use of its
 * name other than a call, if any: a pointer to one is a trampoline GCC writes on the stack, to run
 * there (a nested function that is only called needs none). Found from the text (a `) {` whose
 * parenthesis follows a name that is no keyword), confirmed in the tree.
 */
function nestedFunctions(program: ProgramFacts): Array<{ name: string; nameNode: Node | null; definition: Node; pointerUse?: Node }> {
  const out: Array<{ name: string; nameNode: Node | null; definition: Node; pointerUse?: Node }> = [];
  const { source, root } = program;
  const keywords = new Set(["if", "for", "while", "switch", "sizeof", "return", "do", "else", "_Generic", "__attribute__"]);
  const braceAfterParenthesis = /\)\s*\{/g;
  for (const { start, end } of program.functions.ranges()) {
    const bodyStart = source.indexOf("{", start);
    if (bodyStart < 0 || bodyStart >= end) continue;
    braceAfterParenthesis.lastIndex = bodyStart + 1;
    for (let m = braceAfterParenthesis.exec(source); m && m.index < end; m = braceAfterParenthesis.exec(source)) {
      // The word before the parenthesis this one closes.
      let depth = 0;
      let i = m.index;
      for (; i > bodyStart; i--) {
        if (source[i] === ")") depth++;
        else if (source[i] === "(" && --depth === 0) break;
      }
      const word = /([A-Za-z_]\w*)\s*$/.exec(source.slice(Math.max(bodyStart, i - 256), i))?.[1];
      if (i <= bodyStart || !word || keywords.has(word)) continue;
      const brace = m.index + m[0].length - 1;
      const token = root.descendantForIndex(brace, brace + 1);
      const body = token.type === "{" && token.parent ? token.parent : token;
      const definition = body.parent;
      if (body.type !== "compound_statement" || body.startIndex !== brace || definition?.type !== "function_definition" || definition.parent?.type === "translation_unit") continue;
      const nameNode = declaratorName(definition.childForFieldName("declarator"));
      const name = nameNode?.text;
      const scope = definition.parent;
      if (!name || !scope) continue;
      let pointerUse: Node | undefined;
      for (const index of wordOffsets(source, name, definition.endIndex, scope.endIndex)) {
        const id = root.descendantForIndex(index, index + name.length);
        if (id.type !== "identifier" || id.startIndex !== index) continue;
        const call = id.parent;
        if (call?.type === "call_expression" && call.childForFieldName("function")?.id === id.id) continue;
        pointerUse = id;
        break;
      }
      out.push({ name, nameNode, definition, ...(pointerUse ? { pointerUse } : {}) });
    }
  }
  return out;
}
