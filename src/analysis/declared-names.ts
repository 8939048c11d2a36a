// What a name the program calls or writes stands for, read from the tree: a type of its own, or a variable (a function pointer).
import type { Node } from "../core/syntax-tree.js";
import { declaratorName, identifiersNamed } from "../core/syntax.js";
import type { FunctionFacts, ProgramFacts } from "./program.js";

/** The names the file's typedefs declare (`typedef int (*binop)(int, int);` declares binop), per tree. */
const typedefNamesOf = new WeakMap<object, Set<string>>();

export function typedefNames(program: ProgramFacts): ReadonlySet<string> {
  let names = typedefNamesOf.get(program.root.tree);
  if (!names) {
    names = new Set();
    for (const typedef of program.root.descendantsOfType("type_definition")) {
      for (const declarator of typedef?.childrenForFieldName("declarator") ?? []) {
        // The declared name is the innermost declarator: `(*binop)(int, int)` holds it two levels down.
        let name: Node | null = declarator;
        while (name && name.type !== "type_identifier") name = name.childForFieldName("declarator");
        if (name) names.add(name.text);
      }
    }
    typedefNamesOf.set(program.root.tree, names);
  }
  return names;
}

/** Where declarators wrap the name they declare without changing what kind of thing it is. */
const TRANSPARENT_DECLARATORS = new Set(["parenthesized_declarator", "attributed_declarator"]);
/** The nodes a declarator of an object (not a function) sits in. */
const DECLARATIONS = new Set(["declaration", "parameter_declaration", "init_declarator"]);

/**
 * The declaration in which the identifier `id` is the name given to an object (a variable or a
 * parameter), not to a function: `int (*f)(int)`, `binop f`, `op_fn *f`. The first declarator
 * around it says which: a function declarator makes `f` a function (`int f(int)`, `int *f(int)`),
 * a pointer or array declarator an object.
 */
function objectDeclaration(id: Node): Node | undefined {
  let node = id;
  let parent = node.parent;
  while (parent && TRANSPARENT_DECLARATORS.has(parent.type)) {
    node = parent;
    parent = parent.parent;
  }
  if (!parent || parent.type === "function_declarator") return undefined;
  if (DECLARATIONS.has(parent.type)) {
    // In `binop f = add;` add is the value, not a declarator.
    return parent.childrenForFieldName("declarator").some((d) => d?.id === node.id) ? parent : undefined;
  }
  if (parent.type !== "pointer_declarator" && parent.type !== "array_declarator") return undefined;
  // `*f` or `f[4]`: climb the declarators to the declaration they are part of.
  let outer: Node | null = parent;
  while (outer && outer.type.endsWith("_declarator")) outer = outer.parent;
  return outer && DECLARATIONS.has(outer.type) ? outer : undefined;
}

/**
 * `T (*g)(T) = f;` in a function body, where T is a name the file's own typedef gives: the grammar,
 * which does not know T is a type, reads a call of T with `*g` for argument, itself called. The
 * statement is a declaration of the function pointer g all the same.
 */
function misreadPointerDeclaration(program: ProgramFacts, id: Node): boolean {
  const dereference = id.parent;
  const argumentList = dereference?.type === "pointer_expression" ? dereference.parent : null;
  const call = argumentList?.type === "argument_list" && argumentList.namedChildCount === 1 ? argumentList.parent : null;
  const type = call?.type === "call_expression" ? call.childForFieldName("function") : null;
  return type?.type === "identifier" && call!.parent?.type === "call_expression" && call!.parent.childForFieldName("function")?.id === call!.id && typedefNames(program).has(type.text);
}

/**
 * Whether `name`, called at `offset`, is a variable the program declares where the call can see
 * it (at file scope or in the calling function): then the call goes through a function pointer,
 * which a module makes as well as a program does. Only the tree is read, so a comment that spells
 * out a declaration declares nothing.
 */
export function isDeclaredVariable(program: ProgramFacts, name: string, offset: number): boolean {
  const caller = program.functions.enclosing(offset);
  for (const { index } of program.wordsAmong(new Set([name]))) {
    if (!program.isCompiled(index)) continue;
    const scope = program.functions.enclosing(index);
    if (scope && scope.node.id !== caller?.node.id) continue;
    const id = program.root.descendantForIndex(index, index + name.length);
    if (id?.type !== "identifier" || id.startIndex !== index || id.endIndex !== index + name.length) continue;
    const declaration = objectDeclaration(id);
    // A prototype's parameter names are seen by nothing outside it.
    if (declaration?.type === "parameter_declaration" && !scope) continue;
    if (declaration || misreadPointerDeclaration(program, id)) return true;
  }
  return false;
}

/** Whether `name` is a parameter of the function or declared anywhere in its body. */
export function declaredIn(fn: FunctionFacts, name: string): boolean {
  return fn.parameterNames.includes(name) || declarationsIn(fn, name).length > 0;
}

/**
 * The declarations in the function's body that declare `name`: each occurrence of the name in the
 * body's text asks the tree for the declaration around it (a declared name is written where it is
 * declared), instead of a walk of every declaration of the body. Read once per function, name and parse.
 */
export function declarationsIn(fn: FunctionFacts, name: string): readonly Node[] {
  let byName = declarationsByName.get(fn);
  if (!byName) declarationsByName.set(fn, (byName = new Map()));
  let found = byName.get(name);
  if (!found) {
    found = [];
    const body = fn.body;
    for (const id of identifiersNamed(body, name)) {
      let d: Node | null = id.parent;
      while (d && d.type !== "declaration" && d !== body) d = d.parent;
      if (d?.type === "declaration" && !found.includes(d) && namesDeclared(d).includes(name)) found.push(d);
    }
    byName.set(name, found);
  }
  return found;
}

/** The declarations of each name asked about, per function, read once per parse. */
const declarationsByName = new WeakMap<FunctionFacts, Map<string, Node[]>>();

/** The names a declaration declares (`int a, *name = …;`: a and name). */
export function namesDeclared(d: Node): string[] {
  const out: string[] = [];
  for (const c of d.namedChildren) {
    if (!c || !(c.type === "init_declarator" || c.type.endsWith("declarator") || c.type === "identifier")) continue;
    const name = declaratorName(c.type === "init_declarator" ? c.childForFieldName("declarator") : c)?.text;
    if (name !== undefined) out.push(name);
  }
  return out;
}
