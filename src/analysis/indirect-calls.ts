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
