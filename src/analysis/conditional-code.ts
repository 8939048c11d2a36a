// Code that conditional compilation removes from the module build: `#ifdef _WIN32` branches, `#if 0`, `#ifndef __KERNEL__`.
//
// Kbuild compiles the module with -D__KERNEL__ and without the C library's predefined macros, so a
// branch for Windows, OpenMP or the C11 bounds-checking interfaces (__STDC_LIB_EXT1__) is text the
// compiler never sees. Nothing in it may be refused, and no rule needs to rewrite it.

/** A macro the build defines (`-DNAME`, value `""`; `-DNAME=VALUE`) or undefines (`-UNAME`, value null) on the compiler's command line. */
export interface MacroDefinition {
  name: string;
  value: string | null;
}

/** A -D value as #if reads it, where it is a plain integer. */
function integerValue(text: string): number | undefined {
  const t = text.trim();
  if (/^\d+[uUlL]*$/.test(t)) return Number.parseInt(t, 10);
  if (/^0[xX][0-9a-fA-F]+[uUlL]*$/.test(t)) return Number.parseInt(t.replace(/[uUlL]+$/, ""), 16);
  return undefined;
}

/** A byte range of the text that the module build's preprocessor removes. */
export interface InactiveRange {
  start: number;
  end: number;
}

/** Macros a module build never has: other systems, other compilers, optional C library features. */
const UNDEFINED_IN_MODULES = new Set([
  "_WIN32",
  "_WIN64",
  "WIN32",
  "_WINDOWS",
  "__WIN32__",
  "__WINDOWS__",
  "_MSC_VER",
  "__MINGW32__",
  "__MINGW64__",
  "__CYGWIN__",
  "__APPLE__",
  "__MACH__",
  "__FreeBSD__",
  "__NetBSD__",
  "__OpenBSD__",
  "__DragonFly__",
  "__sun",
  "__ANDROID__",
  "__EMSCRIPTEN__",
  "__cplusplus",
  "__clang__",
  "_OPENMP",
  // glibc's <stdc-predef.h> defines these for user space; the kernel build does not include it.
  "__STDC_LIB_EXT1__",
  "__STDC_IEC_559__",
  "__STDC_IEC_559_COMPLEX__",
  "__STDC_ISO_10646__",
]);

/** Macros every module build has, with their values: Kbuild's -D__KERNEL__ and gcc's own, for x86-64 with -std=gnu11. */
const DEFINED_IN_MODULES: ReadonlyMap<string, number> = new Map([
  ["__KERNEL__", 1],
  ["MODULE", 1],
  ["__GNUC__", 12],
  ["__linux__", 1],
  ["__linux", 1],
  ["__unix__", 1],
  ["__x86_64__", 1],
  ["__STDC__", 1],
  ["__STDC_VERSION__", 201112],
  ["__LP64__", 1],
  ["__CHAR_BIT__", 8],
]);

type Truth = boolean | undefined;

/**
 * The ranges of `source` that conditional compilation removes in a module build, found from the
 * directives' text alone (one pass over the lines that start with `#`). A condition kernelize
 * cannot decide keeps its branches: only what is certainly removed is reported.
 */
export function inactiveRanges(source: string, predefined: readonly MacroDefinition[] = []): InactiveRange[] {
  if (!/^[ \t]*#[ \t]*(?:if|elif)/m.test(source)) return [];
  const ranges: InactiveRange[] = [];
  // The build's own -D and -U (a compile_commands.json's), in order: the last of a name counts.
  const defined = new Map<string, boolean>();
  const values = new Map<string, number>();
  for (const m of predefined) {
    defined.set(m.name, m.value !== null);
    const number = m.value === null ? undefined : integerValue(m.value === "" ? "1" : m.value);
    if (number === undefined) values.delete(m.name);
    else values.set(m.name, number);
  }
  // One frame per open #if: whether a branch so far was taken (or may have been), and where the current branch's text starts.
  interface Frame {
    taken: Truth;
    current: Truth;
    bodyStart: number;
    /** The enclosing code is itself removed: every branch here is. */
    outerInactive: boolean;
  }
  const stack: Frame[] = [];
  const inactive = () => stack.some((f) => f.current === false || f.outerInactive);
  const close = (frame: Frame, at: number) => {
    if (frame.current === false && !frame.outerInactive && at > frame.bodyStart) ranges.push({ start: frame.bodyStart, end: at });
  };
  const directive = /^[ \t]*#[ \t]*(\w+)(.*(?:\\\r?\n.*)*)$/gm;
  for (const m of source.matchAll(directive)) {
    const keyword = m[1]!;
    const rest = m[2]!.replace(/\\\r?\n/g, " ").replace(/\/\*.*?\*\/|\/\/.*$/g, " ").trim();
    const lineStart = m.index;
    const lineEnd = lineStart + m[0].length + (source[lineStart + m[0].length] === "\r" ? 2 : 1);
    switch (keyword) {
      case "if":
      case "ifdef":
      case "ifndef": {
        const outerInactive = inactive();
        const truth = keyword === "if" ? evaluate(rest, defined, values) : keyword === "ifdef" ? isDefined(rest, defined) : not(isDefined(rest, defined));
        stack.push({ taken: truth, current: truth, bodyStart: lineEnd, outerInactive });
        break;
      }
      case "elif":
      case "elifdef":
      case "elifndef":
      case "else": {
        const frame = stack.at(-1);
        if (!frame) break;
        close(frame, lineStart);
        let truth: Truth = keyword === "else" ? true : keyword === "elif" ? evaluate(rest, defined, values) : keyword === "elifdef" ? isDefined(rest, defined) : not(isDefined(rest, defined));
        // A branch is live only if no branch before it was; "maybe taken" before makes this one unknown.
        if (frame.taken === true) truth = false;
        else if (frame.taken === undefined && truth !== false) truth = undefined;
        frame.current = truth;
        frame.taken = frame.taken === true || truth === true ? true : frame.taken === undefined || truth === undefined ? undefined : false;
        frame.bodyStart = lineEnd;
        break;
      }
      case "endif": {
        const frame = stack.pop();
        if (frame) close(frame, lineStart);
        break;
      }
      case "define":
      case "undef": {
        if (inactive()) break;
        const name = /^([A-Za-z_]\w*)/.exec(rest)?.[1];
        // Under a condition kernelize cannot decide, the macro may or may not be defined.
        const certain = stack.every((f) => f.current === true);
        if (name) {
          if (certain) defined.set(name, keyword === "define");
          else defined.delete(name);
          values.delete(name);
        }
        break;
      }
    }
  }
  return ranges.sort((a, b) => a.start - b.start);
}

/** Whether `offset` lies in one of the (sorted, disjoint or nested) ranges. */
export function isInactive(ranges: readonly InactiveRange[], offset: number): boolean {
  for (const r of ranges) {
    if (r.start > offset) return false;
    if (offset < r.end) return true;
  }
  return false;
}

function not(t: Truth): Truth {
  return t === undefined ? undefined : !t;
}

function isDefined(name: string, defined: ReadonlyMap<string, boolean>): Truth {
  const id = /^([A-Za-z_]\w*)/.exec(name)?.[1];
  if (!id) return undefined;
  if (defined.has(id)) return defined.get(id);
  if (DEFINED_IN_MODULES.has(id)) return true;
  if (UNDEFINED_IN_MODULES.has(id)) return false;
  return undefined;
}

/**
 * Evaluates an #if expression with three-valued logic: numbers, known macros, defined(),
 * !, &&, || and comparisons of known values. Anything else is unknown.
 */
function evaluate(expression: string, defined: ReadonlyMap<string, boolean>, values: ReadonlyMap<string, number>): Truth {
  const tokens = expression.match(/defined|[A-Za-z_]\w*|0[xX][0-9a-fA-F]+|\d+[uUlL]*|&&|\|\||[!=<>]=|[()!<>]|\S/g) ?? [];
  let i = 0;
  type Value = number | undefined;
  const truth = (v: Value): Truth => (v === undefined ? undefined : v !== 0);
  const value = (t: Truth): Value => (t === undefined ? undefined : t ? 1 : 0);
  const primary = (): Value => {
    const t = tokens[i++];
    if (t === undefined) return undefined;
    if (t === "(") {
      const v = or();
      if (tokens[i] === ")") i++;
      return v;
    }
    if (t === "!") return value(not(truth(primary())));
    if (t === "defined") {
      const paren = tokens[i] === "(";
      if (paren) i++;
      const name = tokens[i++] ?? "";
      if (paren && tokens[i] === ")") i++;
      return value(isDefined(name, defined));
    }
    if (/^\d/.test(t)) return Number.parseInt(t.replace(/[uUlL]+$/, ""), t.startsWith("0x") || t.startsWith("0X") ? 16 : 10);
    if (/^[A-Za-z_]/.test(t)) {
      // A macro's value is known only for the module build's own; an identifier that is certainly undefined is 0.
      if (DEFINED_IN_MODULES.has(t) && !defined.has(t)) return DEFINED_IN_MODULES.get(t);
      if (defined.get(t) === true && values.has(t)) return values.get(t);
      if (isDefined(t, defined) === false) return 0;
      return undefined;
    }
    return undefined;
  };
  const comparison = (): Value => {
    let left = primary();
    while (["==", "!=", "<", ">", "<=", ">="].includes(tokens[i] ?? "")) {
      const op = tokens[i++]!;
      const right = primary();
      if (left === undefined || right === undefined) left = undefined;
      else left = value(op === "==" ? left === right : op === "!=" ? left !== right : op === "<" ? left < right : op === ">" ? left > right : op === "<=" ? left <= right : left >= right);
    }
    return left;
  };
  const and = (): Value => {
    let left = comparison();
    while (tokens[i] === "&&") {
      i++;
      const right = comparison();
      const l = truth(left);
      const r = truth(right);
      left = value(l === false || r === false ? false : l === true && r === true ? true : undefined);
    }
    return left;
  };
  const or = (): Value => {
    let left = and();
    while (tokens[i] === "||") {
      i++;
      const right = and();
      const l = truth(left);
      const r = truth(right);
      left = value(l === true || r === true ? true : l === false && r === false ? false : undefined);
    }
    return left;
  };
  const result = or();
  // Left-over tokens mean an operator this evaluator does not know (arithmetic, ?:): unknown.
  return i === tokens.length ? truth(result) : undefined;
}
