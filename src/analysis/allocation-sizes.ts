// How many bytes each malloc()/calloc() of the program can ask for, as far as its text tells, and which kernel allocator can serve that.
import type { Node } from "../core/syntax-tree.js";
import { callArguments, calleeName, declaratorName, descendants, unparenthesize } from "../core/syntax.js";
import { constLocalValue } from "./const-locals.js";
import { foldConstant, scalarTypeSize } from "./constant-value.js";
import type { ProgramFacts } from "./program.js";
import { lastWord } from "../core/words.js";

/*
 * kmalloc() takes its memory from the slab, or for big requests straight from the page allocator
 * as one physically contiguous block of 2^order pages; the largest block it hands out is
 * KMALLOC_MAX_SIZE = 1 << (MAX_ORDER + PAGE_SHIFT - 1): MAX_ORDER is 11 and PAGE_SHIFT 12 on
 * x86-64 in Linux 6.1 (include/linux/slab.h, include/linux/mmzone.h), so 4 MiB. A larger request
 * fails, with a WARN, on every machine. kvmalloc() tries kmalloc() and falls back to vmalloc(),
 * which maps single pages into one virtual range, up to INT_MAX bytes (mm/util.c refuses more,
 * with a WARN unless the caller said __GFP_NOWARN). So a size known to be at most 4 MiB keeps
 * kmalloc(); one above it, or not known to be below it (a run-time size), takes kvmalloc(); one
 * that is always above INT_MAX cannot be had on any machine.
 */

/** 1 << (MAX_ORDER + PAGE_SHIFT - 1) with MAX_ORDER 11, PAGE_SHIFT 12: x86-64, Linux 6.1, SLUB. */
export const KMALLOC_MAX_SIZE = 1 << 22;
/** kvmalloc_node() returns NULL for anything larger (mm/util.c, 6.1). */
export const KVMALLOC_MAX_SIZE = 2147483647;

/**
 * The flags a kv allocation takes: __GFP_RETRY_MAYFAIL lets reclaim work hard but never calls the
 * OOM killer (a program's malloc() fails; it does not kill another process for its memory), and
 * __GFP_NOWARN keeps a failure the port handles from printing an allocation-failure splat.
 */
export const KV_GFP = "GFP_KERNEL | __GFP_RETRY_MAYFAIL | __GFP_NOWARN";

/** What a size can be: between lo and hi bytes (hi may be Infinity: not known). */
export interface SizeRange {
  lo: number;
  hi: number;
}

const UNKNOWN: SizeRange = { lo: 0, hi: Infinity };



/** The size of what `name` points to, when the function declares it once, as a pointer to a scalar (`int *table`). */
function pointeeSize(fn: Node, name: string): number | undefined {
  const found: number[] = [];
  for (const d of descendants(fn, ["declaration", "parameter_declaration"])) {
    for (const c of d.childrenForFieldName("declarator")) {
      const declarator = c?.type === "init_declarator" ? c.childForFieldName("declarator") : c;
      if (declarator?.type !== "pointer_declarator" || declaratorName(declarator)?.text !== name) continue;
      const inner = declarator.childForFieldName("declarator");
      const size = inner?.type === "identifier" ? scalarTypeSize(d.childForFieldName("type")?.text ?? "") : 8;
      if (size === undefined) return undefined;
      found.push(size);
    }
  }
  return found.length === 1 ? found[0] : undefined;
}

/**
 * sizeof of a structure or an object the text does not spell out: a single object, which programs
 * keep far below 4 MiB, unless one of the file's structures holds an array big enough to make it
 * large; then it is not known.
 */
const OBJECT_LIMIT = 64 * 1024;

export interface AllocationSizes {
  /** The bytes an allocating call asks for (calloc: count times size), as a range. */
  bytesOf(call: Node): SizeRange;
  /** Whether the call's memory should come from kvmalloc(): it may be larger than kmalloc() serves, and it is never resized. */
  needsKv(call: Node): boolean;
  /** Whether the call asks for more than kvmalloc() gives on any machine. */
  impossible(call: Node): boolean;
  /** Some allocation of the program takes kvmalloc(): its frees take kvfree(), which releases either kind. */
  anyKv: boolean;
}

const cache = new WeakMap<ProgramFacts, AllocationSizes>();

/** The sizes of the program's malloc() and calloc() calls, read once per parse. */
export function allocationSizes(program: ProgramFacts): AllocationSizes {
  const known = cache.get(program);
  if (known) return known;
  const { source } = program;
  // A structure holding an array of 8192 elements or more makes sizeof of an unnamed object unknowable here.
  const bigStructs = /\b(struct|union)\s*\w*\s*\{[^}]*\[\s*(?:\d{4,}|[A-Z_]\w*)\s*\][^}]*\}/.test(source) && /\[\s*(?:[89]\d{3}|\d{5,})\s*\]/.test(source);
  const objectSize = (): SizeRange => (bigStructs ? { lo: 1, hi: Infinity } : { lo: 1, hi: OBJECT_LIMIT });
  // A macro of the program's or a library limit (BUFSIZ, PATH_MAX), folded as the compiler folds it.
  const macroValue = (name: string): number | undefined => foldConstant(program, name);
  // Each question is asked again for every allocation (needsKv, impossible, anyKv): answered once.
  const pointees = new Map<string, number | undefined>();
  const pointee = (fn: Node, name: string): number | undefined => {
    const key = `${fn.id}\0${name}`;
    if (!pointees.has(key)) pointees.set(key, pointeeSize(fn, name));
    return pointees.get(key);
  };

  const range = (expr: Node | null | undefined, fn: Node | undefined): SizeRange => {
    if (!expr) return UNKNOWN;
    const e = unparenthesize(expr);
    switch (e.type) {
      case "number_literal": {
        const n = Number(e.text.replace(/[uUlL]+$/, ""));
        return Number.isFinite(n) ? { lo: n, hi: n } : UNKNOWN;
      }
      case "cast_expression":
        return range(e.childForFieldName("value"), fn);
      case "sizeof_expression": {
        const type = e.childForFieldName("type");
        const value = e.childForFieldName("value");
        if (type) {
          const size = scalarTypeSize(type.text);
          return size !== undefined ? { lo: size, hi: size } : objectSize();
        }
        // sizeof an expression: a string literal's length, an element of a pointer declared with a scalar type, or a single object.
        const v = value ? unparenthesize(value) : undefined;
        if (v?.type === "string_literal") return { lo: 1, hi: v.text.length };
        const pointer = v?.type === "pointer_expression" && v.childForFieldName("operator")?.text === "*" ? v.childForFieldName("argument") : v?.type === "subscript_expression" ? v.childForFieldName("argument") : undefined;
        const element = pointer?.type === "identifier" && fn ? pointee(fn, pointer.text) : undefined;
        return element !== undefined ? { lo: element, hi: element } : objectSize();
      }
      case "identifier": {
        const macro = macroValue(e.text);
        if (macro !== undefined) return { lo: macro, hi: macro };
        if (fn) {
          const value = constLocalValue(source.slice(fn.startIndex, fn.endIndex), e.startIndex - fn.startIndex, e.text, () => false);
          if (value !== undefined && /^\d+$/.test(value)) return { lo: Number(value), hi: Number(value) };
        }
        return UNKNOWN;
      }
      case "binary_expression": {
        const a = range(e.childForFieldName("left"), fn);
        const b = range(e.childForFieldName("right"), fn);
        switch (e.childForFieldName("operator")?.text) {
          case "*":
            return { lo: a.lo * b.lo, hi: a.hi === 0 || b.hi === 0 ? 0 : a.hi * b.hi };
          case "+":
            return { lo: a.lo + b.lo, hi: a.hi + b.hi };
          case "-":
            return a.lo - b.hi >= 0 ? { lo: a.lo - b.hi, hi: a.hi - b.lo } : UNKNOWN;
          case "/":
            return b.lo > 0 ? { lo: Math.floor(a.lo / b.hi), hi: a.hi / b.lo } : UNKNOWN;
          case "<<":
            return a.hi < Infinity && b.hi < 64 ? { lo: a.lo * 2 ** b.lo, hi: a.hi * 2 ** b.hi } : UNKNOWN;
        }
        return UNKNOWN;
      }
    }
    return UNKNOWN;
  };

  const measured = new Map<number, SizeRange>();
  const bytesOf = (call: Node): SizeRange => {
    let size = measured.get(call.id);
    if (!size) {
      size = measure(call);
      measured.set(call.id, size);
    }
    return size;
  };
  const measure = (call: Node): SizeRange => {
    const args = callArguments(call);
    const fn = program.functions.enclosing(call.startIndex)?.node;
    if (calleeName(call) === "calloc") {
      const a = range(args[0], fn);
      const b = range(args[1], fn);
      return { lo: a.lo * b.lo, hi: a.hi === 0 || b.hi === 0 ? 0 : a.hi * b.hi };
    }
    return range(args[0], fn);
  };

  // What realloc() resizes must stay kmalloc()'s: krealloc() cannot move vmalloc()'d memory. The
  // paths it resizes are compared by their last name (`list->items` and `items` alike), and an
  // allocation whose result the text cannot name keeps kmalloc() wherever the program resizes anything.
  const resized = new Set<string>();
  for (const { call } of program.callsNamed(new Set(["realloc", "reallocarray"]))) {
    const first = callArguments(call)[0];
    const last = first ? lastWord(unparenthesize(first).text) : undefined;
    if (last) resized.add(last);
    else resized.add("\0any");
  }
  const targetOf = (call: Node): string | undefined => {
    let p: Node | null = call.parent;
    while (p && (p.type === "parenthesized_expression" || p.type === "cast_expression")) p = p.parent;
    const target = p?.type === "init_declarator" ? declaratorName(p.childForFieldName("declarator"))?.text : p?.type === "assignment_expression" ? p.childForFieldName("left")?.text : undefined;
    return target !== undefined ? lastWord(target) : undefined;
  };
  const mayBeResized = (call: Node) => {
    if (resized.size === 0) return false;
    const target = targetOf(call);
    return target === undefined || resized.has(target) || resized.has("\0any");
  };

  const needsKv = (call: Node) => bytesOf(call).hi > KMALLOC_MAX_SIZE && !mayBeResized(call);
  const impossible = (call: Node) => bytesOf(call).lo > KVMALLOC_MAX_SIZE;
  const allocations = program.callsNamed(new Set(["malloc", "calloc"])).filter(({ call }) => program.isCompiled(call.startIndex));
  const sizes: AllocationSizes = { bytesOf, needsKv, impossible, anyKv: allocations.some(({ call }) => needsKv(call)) };
  cache.set(program, sizes);
  return sizes;
}

/** Every malloc()/calloc() whose size no kernel allocator can give (reported by the rules that port them). */
export function impossibleAllocations(program: ProgramFacts): Node[] {
  const sizes = allocationSizes(program);
  return descendants(program.root, "call_expression").filter((c) => ["malloc", "calloc"].includes(calleeName(c) ?? "") && sizes.impossible(c));
}

