// Local variables declared const with a constant initial value: `const size_t N = 100;` sizes an array the compiler must still call variable-length.
import type { Node } from "../core/syntax-tree.js";
import type { ProgramFacts } from "./program.js";
import { wordsAmong } from "../core/words.js";

/**
 * The initial value of `name` when the function text before `offset` declares it once, as a const
 * local with an integer constant (digits, operators, and names `isConstant` accepts), and the
 * function declares nothing else by that name. C does not count such a variable as a constant
 * expression, so `int a[N]` is a VLA to gcc's -Wvla although its size never changes.
 */
export function constLocalValue(functionText: string, before: number, name: string, isConstant: (id: string) => boolean): string | undefined {
  return constLocal(functionText, before, name, isConstant)?.value;
}

/** constLocalValue(), with where the name is declared (an offset into `functionText`). */
export function constLocal(functionText: string, before: number, name: string, isConstant: (id: string) => boolean): { value: string; offset: number } | undefined {
  // The patterns take any declared name and the name is compared after: none is made of the program's names.
  const declarations = [...functionText.matchAll(INTEGER_DECLARATION)].filter((d) => d[1] === name);
  // Any other declaration of the name (a parameter, an inner block's variable) could be the one the size means.
  const mentions = [...functionText.matchAll(ANY_DECLARATION)].filter((d) => d[1] === name);
  if (declarations.length !== 1 || mentions.length !== 1) return undefined;
  const d = declarations[0]!;
  if (d.index >= before || !/\bconst\b/.test(d[0])) return undefined;
  const value = d[2]!.trim();
  if (!/^[\w\s+\-*/%()<>|&~^]+$/.test(value)) return undefined;
  const ids = value.replace(/\b0[xX][0-9a-fA-F]+[uUlL]*|\b\d+[uUlL]*/g, "").match(/[A-Za-z_]\w*/g) ?? [];
  return ids.every(isConstant) ? { value, offset: d.indices![1]![0] } : undefined;
}

/** `[const] int [const] NAME = VALUE;` (or `,`): an integer local with its initial value; `d` gives where NAME is. */
const INTEGER_DECLARATION = /\b(?:const\s+)?(?:(?:unsigned|signed|short|long|int|char|size_t|ssize_t|u?int(?:8|16|32|64)_t|[us](?:8|16|32|64))\s+)+(?:const\s+)?([A-Za-z_]\w*)\s*=\s*([^;,{}]+)[;,]/dg;
/** A type, then NAME as a declarator: a variable, a parameter, an array. */
const ANY_DECLARATION = /\b(?:int|char|short|long|unsigned|signed|const|[A-Za-z_]\w*_t|[us](?:8|16|32|64)|struct\s+\w+)\s*\**\s*([A-Za-z_]\w*)\s*[=;,[)]/g;

/** Arrays whose size names const locals with constant values, with the text each size becomes. */
export function arraysSizedByConstLocals(program: ProgramFacts, isConstant: (id: string) => boolean): Array<{ size: Node; text: string; locals: Array<{ name: string; offset: number; fn: Node }> }> {
  const found: Array<{ size: Node; text: string; locals: Array<{ name: string; offset: number; fn: Node }> }> = [];
  const { root, source } = program;
  // Text first: the names declared const with a value of digits, names and operators, then only arrays sized by one of them.
  const names = new Set([...source.matchAll(/\bconst\s+(?:[A-Za-z_]\w*\s+)+([A-Za-z_]\w*)\s*=\s*[\w\s+\-*/()]+;/g)].map((m) => m[1]!));
  if (names.size === 0) return found;
  for (const m of source.matchAll(/\b[A-Za-z_]\w*\s*\[([^\]\n]*)\]/g)) {
    if (wordsAmong(m[1]!, names).length === 0 || !program.isCompiled(m.index)) continue;
    const open = m.index + m[0].indexOf("[");
    const bracket = root.descendantForIndex(open, open + 1);
    const declarator = bracket?.type === "[" ? bracket.parent : null;
    const size = declarator?.type === "array_declarator" ? declarator.childForFieldName("size") : null;
    if (!size) continue;
    const fn = program.functions.enclosing(declarator!.startIndex)?.node;
    if (!fn) continue;
    const text = source.slice(fn.startIndex, fn.endIndex);
    const locals: Array<{ name: string; offset: number; fn: Node }> = [];
    const inlined = size.text.replace(/[A-Za-z_]\w*/g, (id) => {
      if (isConstant(id)) return id;
      const local = constLocal(text, size.startIndex - fn!.startIndex, id, isConstant);
      if (local === undefined) return id;
      locals.push({ name: id, offset: fn!.startIndex + local.offset, fn: fn! });
      return /^\w+$/.test(local.value) ? local.value : `(${local.value})`;
    });
    if (locals.length > 0) found.push({ size, text: inlined, locals });
  }
  return found;
}
