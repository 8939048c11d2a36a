// Functions marked __attribute__((constructor)) or ((destructor)) run where the C library ran them: the constructors called first thing in main(), the destructors registered with atexit() before them.
import type { Node } from "../core/syntax-tree.js";
import type { ProgramFacts } from "../analysis/program.js";
import { defineRule } from "../core/rule.js";
import { declaratorName, indentationAt, lineStartOf } from "../core/syntax.js";

/** The attribute names, with GCC's reserved spelling of each. */
const KINDS: ReadonlyMap<string, "constructor" | "destructor"> = new Map([
  ["constructor", "constructor"],
  ["__constructor__", "constructor"],
  ["destructor", "destructor"],
  ["__destructor__", "destructor"],
]);
const WORDS: ReadonlySet<string> = new Set(KINDS.keys());
/** One of those words, anywhere in a text. */
const NAMES_A_KIND = /\b_{0,2}(?:con|de)structor_{0,2}\b/;
/** What GCC gives a constructor or destructor written without a priority: it runs after (a destructor: before) every one with a priority. */
const DEFAULT_PRIORITY = 65535;

/** One function the program marks, as the attribute says. */
interface Marked {
  name: string;
  kind: "constructor" | "destructor";
  priority: number;
  /** Where the function is defined: the order of functions of the same priority. */
  definedAt: number;
}

export default defineRule({
  id: "constructor-destructor-functions-called",
  summary: "functions marked __attribute__((constructor)) are called first thing in main(), in the order the C library ran them, and those marked __attribute__((destructor)) are registered with atexit() before that, so that they run when the program would have ended",
  explanation: [
    "GCC lets a program mark a function `__attribute__((constructor))`: the C library calls it before main(), and one marked `__attribute__((destructor))` after main() returns or exit() is called, once the functions atexit() registered have run.",
    "A module has no such start and end: the kernel calls its init function and nothing before it (it runs a module's constructors only when built for coverage, which Debian's kernel is not), so a constructor left marked would simply never run, and the module would print what the program never did.",
    "So the attribute goes, and main(), which becomes init, begins by doing what the C library did: it calls the constructors, lower priority numbers first (`constructor(101)` before a plain `constructor`) and, for one priority, in the order the file defines them.",
    "The destructors are registered with atexit() before those calls, each its own registration, in the order that makes them run as they did: after every function the program registers itself, the higher priority numbers first and, for one priority, the function defined last first. The module defines atexit() (atexit-defined), and init runs what it registered when it returns, whatever it returns.",
    "A constructor that takes parameters (glibc passes argc, argv and the environment) or has a priority that is not a number, and one that main() cannot call once (main() calls itself), is refused (K1011) rather than left not to run.",
  ].join(" "),
  docs: ["https://gcc.gnu.org/onlinedocs/gcc/Common-Function-Attributes.html#index-constructor-function-attribute", "https://man7.org/linux/man-pages/man3/atexit.3.html"],
  headers: [],
  safety: "safe",
  wantedIn: (text) => text.includes("__attribute__") && NAMES_A_KIND.test(text),
  run(ctx) {
    const { program, source } = ctx.facts;
    const main = program.main;
    if (!main || program.isModule) return;
    const marked: Marked[] = [];
    for (const { word, index } of program.wordsAmong(WORDS)) {
      if (!program.isCompiled(index)) continue;
      const entry = attributeEntry(program.root.descendantForIndex(index, index + word.length), index);
      if (!entry) continue;
      const { specifier, item } = entry;
      const kind = KINDS.get(word)!;
      const fn = markedFunction(specifier);
      const refuse = (why: string, note: string) => ctx.report("K1011", why, item, { note });
      if (!fn) {
        refuse(`__attribute__((${word})) marks something kernelize cannot call from init`, "mark a function defined in this file, or call the function first thing in main() yourself");
        continue;
      }
      const name = fn.name;
      const definition = program.functions.get(name);
      if (!definition) {
        refuse(`${name}() is marked __attribute__((${word})), but this file does not define it, so init cannot call it where the C library did`, `define ${name}() in this file, or call it first thing in main() yourself`);
        continue;
      }
      if (definition.parameterNames.length > 0) {
        refuse(`${name}() is marked __attribute__((${word})) and takes parameters (glibc passes argc, argv and the environment), which init has none of`, `give ${name}() no parameters, or call it from main() with the values it needs`);
        continue;
      }
      const priority = priorityOf(item);
      if (priority === undefined) {
        refuse(`${name}() is marked __attribute__((${word})) with a priority that is not a number, so kernelize cannot tell when it ran`, "write the priority as a number (101 to 65535)");
        continue;
      }
      ctx.remove(removal(source, specifier, item));
      // Marked on its prototype and on its definition alike, it still ran once.
      if (!marked.some((m) => m.name === name && m.kind === kind)) marked.push({ name, kind, priority, definedAt: definition.node.startIndex });
    }
    if (marked.length === 0) return;
    if (program.callsNamed(new Set(["main"])).some((c) => program.isCompiled(c.call.startIndex))) {
      ctx.report("K1011", "main() calls itself, so the constructors and destructors that the C library ran once cannot be run from its first lines", main.nameNode, {
        note: "call the constructors first thing in main() yourself, before it calls itself",
      });
      return;
    }
    const byOrder = (a: Marked, b: Marked) => a.priority - b.priority || a.definedAt - b.definedAt;
    // The destructors run last registered first: registered in the reverse of the order they ran in.
    const destructors = marked.filter((m) => m.kind === "destructor").sort(byOrder);
    const constructors = marked.filter((m) => m.kind === "constructor").sort(byOrder);
    const body = main.body;
    // After main()'s first declarations, as long as no initializer of theirs reads anything (a
    // constructor may set what it reads): the calls are then the first statements, as written.
    const children = body.namedChildren;
    let next = 0;
    while (next < children.length && children[next]!.type === "declaration" && readsNothing(children[next]!)) next++;
    const first = children[next];
    const indent = first ? indentationAt(source, first.startIndex) : "\t";
    const lines = [
      ...(destructors.length > 0 ? [`${indent}/* What the C library ran when the program ended: registered first, so it runs last. */`, ...destructors.map((d) => `${indent}atexit(${d.name});`)] : []),
      ...(constructors.length > 0 ? [`${indent}/* What the C library ran before main(). */`, ...constructors.map((c) => `${indent}${c.name}();`)] : []),
    ];
    // Before the line main()'s body starts with, or right after its brace where that is on the brace's line.
    const firstLine = first ? lineStartOf(source, first.startIndex) : body.startIndex;
    if (first && firstLine > body.startIndex) ctx.insert(firstLine, `${lines.join("\n")}\n${first.type === "declaration" ? "" : "\n"}`);
    else ctx.insert(body.startIndex + 1, `\n${lines.join("\n")}\n`);
    // A function defined after main() is declared before it, as the call needs.
    const prototypes = marked
      .filter((m) => program.functions.get(m.name)!.node.startIndex > main.node.startIndex && !declaredBefore(program, m.name, main.node.startIndex))
      .map((m) => prototypeOf(source, program.functions.get(m.name)!.node, program.functions.get(m.name)!.body));
    if (prototypes.length > 0) ctx.insert(main.node.startIndex, `${prototypes.join("\n")}\n\n`);
  },
});

/** A declaration whose initializers, if any, name nothing and call nothing (`int i;`, `int n = 0;`). */
function readsNothing(declaration: Node): boolean {
  for (const d of declaration.childrenForFieldName("declarator")) {
    const value = d?.type === "init_declarator" ? d.childForFieldName("value") : null;
    if (value && (value.type === "identifier" || value.descendantsOfType(["identifier", "call_expression"]).length > 0)) return false;
  }
  return true;
}

/** The attribute_specifier and its entry (`constructor`, `constructor(101)`) that the word at `index` names; undefined for a word anywhere else. */
function attributeEntry(word: Node, index: number): { specifier: Node; item: Node } | undefined {
  if (word.type !== "identifier" || word.startIndex !== index) return undefined;
  let item: Node = word;
  if (item.parent?.type === "call_expression" && item.parent.childForFieldName("function")?.id === item.id) item = item.parent;
  const list = item.parent;
  const specifier = list?.parent;
  if (list?.type !== "argument_list" || specifier?.type !== "attribute_specifier") return undefined;
  return { specifier, item };
}

/** The function an attribute specifier belongs to: of a definition, or of a declaration of one function. */
function markedFunction(specifier: Node): { name: string } | undefined {
  let holder: Node | null = specifier.parent;
  while (holder && holder.type === "function_declarator") holder = holder.parent;
  if (holder?.type !== "function_definition" && holder?.type !== "declaration") return undefined;
  if (holder.parent?.type !== "translation_unit") return undefined;
  const declarators = holder.childrenForFieldName("declarator").filter((d): d is Node => d !== null);
  if (declarators.length !== 1 || declarators[0]!.type !== "function_declarator") return undefined;
  const name = declaratorName(declarators[0]!);
  return name ? { name: name.text } : undefined;
}

/** `constructor(101)`'s 101; the default for a plain `constructor`; undefined for anything else. */
function priorityOf(item: Node): number | undefined {
  if (item.type === "identifier") return DEFAULT_PRIORITY;
  const args = item.childForFieldName("arguments")?.namedChildren.filter((a) => a.type !== "comment") ?? [];
  if (args.length !== 1 || args[0]!.type !== "number_literal" || !/^\d+$/.test(args[0]!.text)) return undefined;
  return Number(args[0]!.text);
}

/** What goes: the whole `__attribute__((…))` (and the space after it) where this is its only entry, else the entry and one comma beside it. */
function removal(source: string, specifier: Node, item: Node): { start: number; end: number } {
  const list = item.parent!;
  const items = list.namedChildren.filter((c) => c.type !== "comment");
  if (items.length > 1) {
    const at = items.findIndex((c) => c.id === item.id);
    return at === 0 ? { start: item.startIndex, end: items[1]!.startIndex } : { start: items[at - 1]!.endIndex, end: item.endIndex };
  }
  let end = specifier.endIndex;
  while (source[end] === " " || source[end] === "\t") end++;
  // At the end of a line (`void f(void) __attribute__((constructor));`): the space before it goes instead.
  let start = specifier.startIndex;
  if (end === specifier.endIndex || source[end] === "\n" || source[end] === "\r" || source[end] === ";" || source[end] === "{") {
    end = specifier.endIndex;
    while (start > 0 && (source[start - 1] === " " || source[start - 1] === "\t")) start--;
  }
  return { start, end };
}

/** Whether a top-level declaration of `name` (a prototype) comes before `offset`. */
function declaredBefore(program: ProgramFacts, name: string, offset: number): boolean {
  return program.wordsAmong(new Set([name])).some(({ index }) => {
    if (index >= offset) return false;
    let n: Node | null = program.root.descendantForIndex(index, index + name.length);
    while (n && n.parent && n.parent.type !== "translation_unit") n = n.parent;
    return n?.type === "declaration";
  });
}

/** `static void setup(void);`: the definition's head as written, without the attribute this rule removes, as a prototype. */
function prototypeOf(source: string, definition: Node, body: Node): string {
  let head = source.slice(definition.startIndex, body.startIndex);
  for (const specifier of definition.descendantsOfType("attribute_specifier")) {
    if (specifier.startIndex >= body.startIndex) continue;
    const text = source.slice(specifier.startIndex, specifier.endIndex);
    if (NAMES_A_KIND.test(text)) head = head.replace(text, "");
  }
  return `${head.replace(/\s+/g, " ").trim()};`;
}
