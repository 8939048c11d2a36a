// Calls through function pointers, and the program's functions that such a call can reach: the one place both questions are answered.
import type { Node } from "../core/syntax-tree.js";
import { unparenthesize } from "../core/syntax.js";
import { isDeclaredVariable } from "./declared-names.js";
import type { ProgramFacts } from "./program.js";

/**
 * The functions among `names` that the program names somewhere other than a call or a declarator
 * (`void (*h)(int) = check;`, `{ show, check }`, `apply(v, check)`): through that pointer, any call
 * the program makes through a pointer may run them. module_init(f) and module_exit(f) are the
 * kernel's calls, made on their own.
 */
export function functionsUsedAsValues(program: ProgramFacts, names: ReadonlySet<string>): Set<string> {
  const taken = new Set<string>();
  if (names.size === 0) return taken;
  for (const { word, index } of program.wordsAmong(names)) {
    if (taken.has(word) || !program.isCompiled(index)) continue;
    const id = program.root.descendantForIndex(index, index + word.length);
    if (id?.type !== "identifier" || id.startIndex !== index || id.endIndex !== index + word.length) continue;
    const parent = id.parent;
    if (parent?.type === "function_declarator") continue;
    if (parent?.type === "call_expression" && parent.childForFieldName("function")?.id === id.id) continue;
    const registrar = parent?.type === "argument_list" ? parent.parent?.childForFieldName("function")?.text : undefined;
    if (registrar === "module_init" || registrar === "module_exit") continue;
    taken.add(word);
  }
  return taken;
}

/** Node types in which an identifier is the name being declared, not a use of a function of that name. */
const DECLARING = new Set(["function_declarator", "declaration", "parameter_declaration", "pointer_declarator", "array_declarator", "preproc_def", "preproc_function_def", "field_declaration"]);

/**
 * Where the program names one of `names` as a value (`count_if(s, isdigit)`, `= puts;`): not as a
 * call's callee, not where a name is declared, and not where the program declares a variable of
 * that name that the use sees (`int abs = …; return abs;`).
 */
export function valueReferences(program: ProgramFacts, names: ReadonlySet<string>): Array<{ node: Node; name: string }> {
  const out: Array<{ node: Node; name: string }> = [];
  if (names.size === 0) return out;
  for (const { word, index } of program.wordsAmong(names)) {
    if (!program.isCompiled(index)) continue;
    const node = program.root.descendantForIndex(index, index + word.length);
    if (node?.type !== "identifier" || node.startIndex !== index || node.endIndex !== index + word.length) continue;
    const parent = node.parent;
    if (parent?.type === "call_expression" && parent.childForFieldName("function")?.id === node.id) continue;
    if (parent?.type === "init_declarator" ? parent.childForFieldName("declarator")?.id === node.id : parent && DECLARING.has(parent.type)) continue;
    if (isDeclaredVariable(program, word, index)) continue;
    // `__attribute__((format(printf, 1, 2)))` names the checks the compiler makes, not a function.
    if (inAttribute(node)) continue;
    out.push({ node, name: word });
  }
  return out;
}

/** Whether a node is part of an attribute (`__attribute__((…))`, `[[…]]`). */
function inAttribute(node: Node): boolean {
  for (let n: Node | null = node.parent; n; n = n.parent) {
    if (n.type === "attribute_specifier" || n.type === "attribute_declaration" || n.type === "attribute") return true;
    if (n.type === "function_definition" || n.type === "translation_unit" || n.type === "compound_statement") return false;
  }
  return false;
}

/** Every call through a pointer in the program's functions, by node id, read once per parse. */
export function indirectCalls(program: ProgramFacts): ReadonlyMap<number, Node> {
  let found = cache.get(program);
  if (!found) {
    found = new Map();
    for (const name of program.functions.names()) {
      const fn = program.functions.get(name);
      if (!fn) continue;
      for (const call of fn.body.descendantsOfType("call_expression")) if (call && isIndirect(program, call)) found.set(call.id, call);
    }
    cache.set(program, found);
  }
  return found;
}

const cache = new WeakMap<ProgramFacts, Map<number, Node>>();

/**
 * A call through a pointer: its callee is not a name (`ops->print(s)`, `(*f)(s)`, `table[i](s)`),
 * or is a name the program declares as a variable where the call sees it (a parameter `int (*f)(int)`).
 */
function isIndirect(program: ProgramFacts, call: Node): boolean {
  const callee = call.childForFieldName("function");
  if (!callee) return false;
  const target = unparenthesize(callee);
  if (target.type !== "identifier") return true;
  return !program.functions.has(target.text) && !program.macros.has(target.text) && isDeclaredVariable(program, target.text, target.startIndex);
}

/** Whether the program can call through a pointer at all: it declares a pointer to a function (a variable, a member, a parameter, a typedef). */
export function declaresFunctionPointers(program: ProgramFacts): boolean {
  return /\(\s*\*\s*(?:(?:const|volatile)\s+)*[A-Za-z_]\w*\s*(?:\[[^\]]*\]\s*)*\)\s*\(/.test(program.source) || /\btypedef\b[^;]*\(\s*\*/.test(program.source);
}

/**
 * The calls through pointers and the program's functions they may reach (functionsUsedAsValues()),
 * read once per parse; undefined for a program that makes no such call.
 */
export function pointerCalls(program: ProgramFacts): { calls: ReadonlyMap<number, Node>; targets: readonly string[] } | undefined {
  if (!declaresFunctionPointers(program)) return undefined;
  let known = pointerCallsOf.get(program);
  if (known === undefined) {
    const calls = indirectCalls(program);
    known = calls.size === 0 ? null : { calls, targets: [...functionsUsedAsValues(program, new Set(program.functions.names()))] };
    pointerCallsOf.set(program, known);
  }
  return known ?? undefined;
}

const pointerCallsOf = new WeakMap<ProgramFacts, { calls: ReadonlyMap<number, Node>; targets: readonly string[] } | null>();
