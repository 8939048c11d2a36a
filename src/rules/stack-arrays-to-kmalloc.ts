// A large array on the stack moves to kmalloc(), freed on every return, where that is safe; elsewhere it is warned about.
import type { Node } from "../core/syntax-tree.js";
import { STACK_ARRAY_LIMIT } from "../analysis/portability.js";
import { defineRule, type RuleContext } from "../core/rule.js";
import { descendants, functionDeclarator, indentationAt, lineStartOf, namedChildren, nextLineStart } from "../core/syntax.js";
import { freshName, includeHeaders } from "./added-code.js";
import { hasWord } from "../core/words.js";
import { statementLayout } from "./statements.js";
import { bigArrays, onlyDecays, type BigArray } from "../analysis/heap-arrays.js";

/**
 * Whether the text may declare an array large enough for the rules that move arrays: a literal
 * size of `digits` or more digits, or a size that names a constant (a macro of the program's, a
 * library limit such as PATH_MAX), whose value the rule reads.
 */
export function mayDeclareLargeArray(source: string, digits: 2 | 3): boolean {
  return (digits === 2 ? /\[\s*\d{2,}/ : /\[\s*\d{3,}/).test(source) || (/\[\s*[A-Za-z_]/.test(source) && /#\s*define\b|\b(?:PATH_MAX|NAME_MAX|FILENAME_MAX|BUFSIZ|LINE_MAX)\b/.test(source));
}
export const CHAR_TYPES = new Set(["char", "unsigned char", "signed char", "u8", "s8", "uint8_t", "int8_t"]);

export default defineRule({
  id: "stack-arrays-to-kmalloc",
  summary: "an array of more than 256 bytes in a function moves to kmalloc()/kzalloc(), freed before each return, where the function has a failure value; elsewhere it is warned about",
  explanation: [
    "A user program's stack is 8 MiB and grows on demand; a kernel thread's is 16 KiB (8 KiB on some architectures), fixed, and shared by every function of the call chain, interrupt handling included. Overrunning it corrupts memory with no error, so kernel code keeps big buffers off the stack.",
    "Where the function already has a way to report failure (it returns a pointer, whose failure is NULL, or a bool, whose failure is false), the array becomes a pointer to memory from kmalloc() (kzalloc() when it was zero-initialised); a failed allocation returns that failure value, and every return frees the memory first, computing a returned value that reads the buffer before freeing it. sizeof on the array becomes its size in bytes, which sizeof of a pointer would not be.",
    "Elsewhere (main(), or a function with no failure value, or an array whose address is taken) the array stays, and kernelize warns: kmalloc() and a failure path are the fix, but the function's callers must learn to handle the failure.",
  ].join(" "),
  docs: ["https://docs.kernel.org/process/coding-style.html", "https://docs.kernel.org/core-api/memory-allocation.html"],
  headers: [],
  safety: "review",
  // Not for a file that already is a module: its arrays are its author's choice.
  appliesTo: (_target, source) => mayDeclareLargeArray(source, 2) && !/\bmodule_init\s*\(/.test(source),
  run(ctx) {
    const { program, names } = ctx.facts;
    let moved = false;
    for (const name of program.functions.names()) {
      const fn = program.functions.get(name)!;
      const big = bigArrays(fn.body, program);
      if (big.length === 0) continue;
      const failure = name === names.init || name === names.exit || name === "main" ? undefined : failureValue(fn.node);
      const movable = failure === undefined ? [] : big.filter((a) => !a.initialised && onlyDecays(fn.body, a.name));
      for (const a of big) {
        if (!movable.includes(a)) {
          ctx.report("K3012", `array '${a.declarator.text}' takes ${a.bytes} bytes of the stack`, a.declarator, {
            note: `kernel stacks are 8-16 KiB for everything a call chain holds; over ${STACK_ARRAY_LIMIT} bytes, allocate with kmalloc() and free it on every path`,
          });
        }
      }
      if (movable.length > 0) {
        move(ctx, fn.node, fn.body, movable, kernelHeap(ctx, failure!));
        moved = true;
      }
    }
    if (moved) includeHeaders(ctx, ["linux/slab.h"]);
  },
});

export { bigArrays, type BigArray } from "../analysis/heap-arrays.js";

/**
 * Whether an expression is one of the values a printf-like call (printf, snprintf, pr_info, the
 * port's print_stdout) formats: an argument after its format string, passed through `...`.
 */
export function printedArgument(expression: Node): boolean {
  const list = expression.parent;
  const call = list?.type === "argument_list" ? list.parent : undefined;
  const name = call?.type === "call_expression" ? call.childForFieldName("function")?.text : undefined;
  if (name === undefined || !/printf|^pr_|^printk$|^print_/.test(name)) return false;
  const args = namedChildren(list!);
  const format = args.findIndex((a) => a.type === "string_literal" || a.type === "concatenated_string");
  return format >= 0 && args.findIndex((a) => a.id === expression.id) > format;
}

/** NULL for a function returning a pointer, false for one returning bool. */
function failureValue(definition: Node): string | undefined {
  const declarator = definition.childForFieldName("declarator");
  if (declarator?.type === "pointer_declarator") return "NULL";
  const type = definition.childForFieldName("type")?.text;
  return type === "bool" || type === "_Bool" ? "false" : undefined;
}

/** How a move writes its allocation, its release and its failure: in the kernel's terms here, in the C library's for a rule that runs before the exits are ported. */
export interface HeapDialect {
  /** The initial value of the pointer that replaces the array. */
  allocation(a: BigArray): string;
  /** The call that releases it. */
  release: string;
  /** The lines of the branch taken when an allocation failed, given what is allocated by then. */
  bail(allocated: BigArray[]): string[];
  /** Whether to free before the closing brace too (a function that can fall off its end). */
  freeAtEnd: boolean;
}

function kernelHeap(ctx: RuleContext, failure: string): HeapDialect {
  return {
    allocation(a) {
      const gfp = ctx.gfpFor(a.declaration).flag;
      return CHAR_TYPES.has(a.elementType) && !a.pointerDeclarator
        ? `${a.zeroed ? "kzalloc" : "kmalloc"}(${a.count}, ${gfp})`
        : `${a.zeroed ? "kcalloc" : "kmalloc_array"}(${a.count}, sizeof(*${a.name}), ${gfp})`;
    },
    release: "kfree",
    bail: (allocated) => [...[...allocated].reverse().map((a) => `kfree(${a.name});`), `return ${failure};`],
    freeAtEnd: false,
  };
}

export function move(ctx: RuleContext, definition: Node, body: Node, arrays: BigArray[], heap: HeapDialect): void {
  const { source, style } = ctx.facts;
  const kw = style.keywordSpace;
  const frees = (upTo: number) => arrays.slice(0, upTo).reverse().map((a) => `${heap.release}(${a.name});`);

  // sizeof on an array: its size in bytes, which sizeof on the pointer would not give.
  for (const s of descendants(body, "sizeof_expression")) {
    const v = s.childForFieldName("value");
    const operand = v?.type === "parenthesized_expression" ? v.namedChild(0) : v;
    const a = operand?.type === "identifier" ? arrays.find((x) => x.name === operand.text) : undefined;
    if (!a) continue;
    // A char array's size is its count: as it stands, except where a printf-like call reads the
    // value through its `...`, which takes sizeof's size_t (%zu) and not the count's int (a count
    // the port keeps in a variable is a size_t already).
    // The bytes stand where sizeof did, as an operand of whatever is around it (`sizeof buf / 2`;
    // a whole argument needs nothing), and the count is a factor of the product: `M + 1` is parenthesized in both.
    const whole = s.parent?.type === "argument_list";
    const count = CHAR_TYPES.has(a.elementType) && !a.pointerDeclarator ? (whole ? a.count : asOperand(a.count)) : asFactor(a.count);
    const bytes = CHAR_TYPES.has(a.elementType) && !a.pointerDeclarator ? (printedArgument(s) && !a.countDeclaration ? `(size_t)${count}` : count) : `(${count} * sizeof(*${a.name}))`;
    ctx.replace(s, bytes);
  }

  for (const a of arrays) {
    const before = a.countDeclaration ? `${a.countDeclaration}\n${indentationAt(source, a.declaration.startIndex)}` : "";
    ctx.replace(a.declaration, `${before}${a.elementType} ${a.pointerDeclarator ?? `*${a.name}`} = ${heap.allocation(a)};`);
  }

  // A value returned from the buffer is computed into a variable declared with the others
  // (kernel builds warn about a declaration after a statement), before the buffer is freed.
  const type = returnType(definition);
  const tmp = freshName(["ret"], new Set(descendants(body, "identifier").map((n) => n.text)));
  const returns = descendants(body, "return_statement");
  const readsBuffer = (r: Node) => {
    const value = r.namedChild(0);
    return value !== null && arrays.some((a) => descendants(value, "identifier").some((n) => n.text === a.name));
  };
  const needsTmp = returns.some(readsBuffer);

  // The checks go after the run of declarations each array sits in, and after a blank line there:
  // one check per run, freeing what the run and the runs before it allocated (kfree(NULL) does
  // nothing). A declaration that reads the array (`int n = fill(buf);`) ends the run before it:
  // it would read through NULL where the allocation failed.
  const runEnd = (a: BigArray) => {
    let last = a.declaration;
    for (let n = last.nextNamedSibling; n?.type === "declaration" && !hasWord(n.text, a.name); n = n.nextNamedSibling) last = n;
    return last;
  };
  const groups = new Map<number, BigArray[]>();
  for (const a of arrays) {
    const end = runEnd(a).endIndex;
    groups.set(end, [...(groups.get(end) ?? []), a]);
  }
  let allocated: BigArray[] = [];
  let first = true;
  for (const [end, group] of groups) {
    allocated = [...allocated, ...group];
    const indent = indentationAt(source, group[0]!.declaration.startIndex);
    const afterDeclarations = nextLineStart(source, end - 1);
    if (first && needsTmp) ctx.insert(afterDeclarations, `${indent}${type}${type.endsWith("*") ? "" : " "}${tmp};\n`);
    first = false;
    let at = afterDeclarations;
    while (at < source.length && /^[ \t]*\r?\n/.test(source.slice(at, source.indexOf("\n", at) + 1 || source.length))) at = source.indexOf("\n", at) + 1;
    const bail = heap.bail(allocated);
    const test = group.map((a) => `!${a.name}`).join(" || ");
    const check =
      allocated.length === 1 || bail.length === 1
        ? `${indent}if${kw}(${test})\n${indent}${style.indentUnit}${bail.at(-1)}\n`
        : `${indent}if${kw}(${test}) {\n${bail.map((l) => `${indent}${style.indentUnit}${l}\n`).join("")}${indent}}\n`;
    ctx.insert(at, check);
  }

  // Before each return, the frees; the return itself keeps its text.
  for (const r of returns) {
    // Only what is allocated by the time of this return is freed there.
    const all = frees(arrays.filter((a) => a.declaration.endIndex <= r.startIndex).length);
    if (all.length === 0) continue;
    const layout = statementLayout(ctx, r);
    const value = r.namedChild(0);
    if (value && readsBuffer(r)) {
      // `return v;` becomes `ret = v;`, the frees, `return ret;`: only the keyword is replaced.
      ctx.replace({ start: layout.from, end: value.startIndex }, `${layout.open}${tmp} = `);
      ctx.insert(r.endIndex, `${layout.next}${all.join(layout.next)}${layout.next}return ${tmp};${layout.close}`);
    } else {
      ctx.replace({ start: layout.from, end: r.startIndex }, `${layout.open}${all.join(layout.next)}${layout.next}`);
      if (layout.close) ctx.insert(r.endIndex, layout.close);
    }
  }

  // An inner block (a loop's body) is also left by a break or a continue of a loop or switch
  // around it: the frees go before each, as before a return.
  for (const jump of body.id === functionBody(definition)?.id ? [] : jumpsLeaving(body)) {
    const all = frees(arrays.filter((a) => a.declaration.endIndex <= jump.startIndex).length);
    if (all.length === 0) continue;
    const layout = statementLayout(ctx, jump);
    ctx.replace({ start: layout.from, end: jump.startIndex }, `${layout.open}${all.join(layout.next)}${layout.next}`);
    if (layout.close) ctx.insert(jump.endIndex, layout.close);
  }

  // Falling off the end of the body is a way out too: the frees go before its closing brace.
  if (heap.freeAtEnd) {
    const close = body.endIndex - 1;
    const indent = indentationAt(source, arrays[0]!.declaration.startIndex);
    const at = lineStartOf(source, close);
    const ownLine = source.slice(at, close).trim() === "";
    ctx.insert(ownLine ? at : close, `${ownLine ? "" : "\n"}${frees(arrays.length).map((f) => `${indent}${f}\n`).join("")}`);
  }
}

/** The function's return type as a declaration would write it: `size_t`, `char *`, `const struct x *`. */
export function returnType(definition: Node): string {
  const fn = functionDeclarator(definition);
  const specifiers = definition.text.slice(0, (definition.childForFieldName("declarator") ?? definition).startIndex - definition.startIndex).replace(/\bstatic\b|\binline\b/g, "").trim();
  let stars = "";
  for (let d = definition.childForFieldName("declarator"); d && d.id !== fn?.id; d = d.childForFieldName("declarator")) if (d.type === "pointer_declarator") stars += "*";
  return stars ? `${specifiers} ${stars}` : specifiers;
}

/** A function definition's body. */
function functionBody(definition: Node): Node | null {
  return definition.childForFieldName("body");
}

/** The break and continue statements in a block that leave it: those of a loop (or, for break, a switch) around the block. */
function jumpsLeaving(block: Node): Node[] {
  return descendants(block, ["break_statement", "continue_statement"]).filter((jump) => {
    for (let n = jump.parent; n && n.id !== block.id; n = n.parent) {
      if (n.type === "for_statement" || n.type === "while_statement" || n.type === "do_statement") return false;
      if (n.type === "switch_statement" && jump.type === "break_statement") return false;
    }
    return true;
  });
}

/** A count as an operand of any operator: a name or a number as it is, anything else in parentheses. */
function asOperand(count: string): string {
  return /^(?:[A-Za-z_]\w*|\d\w*)$/.test(count) || enclosed(count) ? count : `(${count})`;
}

/** A count as a factor of a product (`n * m * sizeof(…)`): a product of names and numbers as it is. */
function asFactor(count: string): string {
  return count.split(" * ").every((f) => asOperand(f) === f) ? count : `(${count})`;
}

/** Whether the text is one parenthesized expression: its first parenthesis closes at its end. */
function enclosed(text: string): boolean {
  if (!text.startsWith("(")) return false;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "(") depth++;
    else if (text[i] === ")" && --depth === 0) return i === text.length - 1;
  }
  return false;
}
