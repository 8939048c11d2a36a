// printf-style format strings as printk() reads them: which conversions it treats differently, and where a line ends.
import type { Node } from "../core/syntax-tree.js";
import { functionsUsedAsValues } from "../analysis/indirect-calls.js";
import type { ProgramFacts } from "../analysis/program.js";
import type { DiagnosticCode } from "../core/diagnostics.js";
import type { RuleContext } from "../core/rule.js";
import { callArguments, namedChildren, unparenthesize } from "../core/syntax.js";

/**
 * A format argument as the pr_*() macros need it. They paste a log level in front of the format
 * (`KERN_INFO fmt` is string-literal concatenation), so the format must be a literal, or a macro
 * that expands to one; any other expression is a compile error there.
 */
export type FormatArgument =
  | { kind: "literal"; node: Node }
  | { kind: "macro"; node: Node; value: string }
  | { kind: "expression"; node: Node };

/**
 * How a piece of output can leave the log line, as a set of bits: it ends the line, leaves it
 * open, or prints nothing. Text the port cannot see (a %s argument, a string variable, a char
 * variable) is taken not to end the line, which sends the call through its stream's line buffer:
 * that buffer finds every \n at run time, wherever it comes from.
 */
export type Endings = number;
export const ENDS_LINE = 1;
export const LEAVES_OPEN = 2;
export const PRINTS_NOTHING = 4;

const STRING_LITERAL = /^(?:u8|u|U|L)?"((?:[^"\\\n]|\\.)*)"$/s;

export function classifyFormat(node: Node, program: ProgramFacts): FormatArgument {
  const n = unparenthesize(node);
  if (n.type === "string_literal" || n.type === "concatenated_string") return { kind: "literal", node: n };
  if (n.type === "identifier") {
    const value = macroStrings(program).get(n.text);
    if (value !== undefined) return { kind: "macro", node: n, value };
  }
  return { kind: "expression", node: n };
}

/** How the text a format or string argument stands for can end; `?:` can end either way. */
export function textEndings(node: Node | undefined, program: ProgramFacts): Endings {
  if (!node) return LEAVES_OPEN;
  const n = unparenthesize(node);
  if (n.type === "conditional_expression") {
    return textEndings(n.childForFieldName("consequence") ?? undefined, program) | textEndings(n.childForFieldName("alternative") ?? undefined, program);
  }
  const format = classifyFormat(n, program);
  if (format.kind === "macro") return contentEndings(format.value);
  if (format.kind === "expression") return LEAVES_OPEN;
  // The last piece that prints decides; a macro piece (PRIu64) is a conversion, never a newline.
  const pieces = format.node.type === "concatenated_string" ? namedChildren(format.node) : [format.node];
  for (let i = pieces.length - 1; i >= 0; i--) {
    const piece = pieces[i]!;
    if (piece.type !== "string_literal") return LEAVES_OPEN;
    const endings = contentEndings(literalContent(piece.text) ?? "x");
    if (endings !== PRINTS_NOTHING) return endings;
  }
  return PRINTS_NOTHING;
}

/** How a character argument (putchar's) can leave the line. */
export function charEndings(node: Node | undefined): Endings {
  if (!node) return LEAVES_OPEN;
  const n = unparenthesize(node);
  if (n.type === "conditional_expression") {
    return charEndings(n.childForFieldName("consequence") ?? undefined) | charEndings(n.childForFieldName("alternative") ?? undefined);
  }
  if (n.type !== "char_literal") return LEAVES_OPEN;
  return /^\\(?:n|0*12|x0*[aA])$/.test(n.text.slice(1, -1)) ? ENDS_LINE : LEAVES_OPEN;
}

/** A character literal as the text of a string literal, when it is a plain one: 'a' is "a", '\n' is "\n". */
export function charAsStringContent(node: Node): string | undefined {
  const n = unparenthesize(node);
  if (n.type !== "char_literal" || !n.text.startsWith("'")) return undefined;
  const c = n.text.slice(1, -1);
  if (c === '"') return '\\"';
  if (c === "\\'") return "'";
  if (c === "%") return "%%";
  if (c === "\\n" || c === "\\t" || c === "\\\\") return c;
  return /^[ -~]$/.test(c) && c !== "\\" ? c : undefined;
}

/** The text between the quotes of a plain string literal (no prefix), or undefined. */
export function literalContent(text: string): string | undefined {
  if (!text.startsWith('"')) return undefined;
  return STRING_LITERAL.exec(text)?.[1];
}

function contentEndings(content: string): Endings {
  if (content === "") return PRINTS_NOTHING;
  const tokens = content.match(/\\(?:[0-7]{1,3}|x[0-9A-Fa-f]+|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|[\s\S])|[\s\S]/g) ?? [];
  return /^\\(?:n|0*12|x0*[aA])$/.test(tokens.at(-1)!) ? ENDS_LINE : LEAVES_OPEN;
}

/** Inserts `\n` at the end of a format literal (or appends a "\n" piece after a macro) unless it ends with one. */
export function appendNewline(ctx: RuleContext, format: FormatArgument, errno?: string): void {
  if (format.kind === "expression") return;
  if (textEndings(format.node, ctx.facts.program) === ENDS_LINE) return;
  const end = `${errno ? `: ${errno}` : ""}\\n`;
  const last = format.node.type === "concatenated_string" ? format.node.lastNamedChild! : format.node;
  if (last.type === "string_literal") ctx.insert(last.endIndex - 1, end);
  else ctx.insert(last.endIndex, ` "${end}"`);
}

/**
 * Ports the (format, arguments…) of a printf-style call for a pr_*() macro: checks the format's
 * conversions, adds the newline a warn()-style message implies, and gives a format that is not a
 * literal a "%s" of its own (the macros glue the log level onto a literal). `drop` is text in
 * front of the format that goes (fprintf's stream argument).
 */
export function portFormatArguments(ctx: RuleContext, call: Node, format: Node, fn: string, options: { drop?: { start: number; end: number }; newline?: boolean; errno?: string } = {}): void {
  const f = classifyFormat(format, ctx.facts.program);
  let prefix = "";
  const inMacro = f.kind === "expression" ? macroUsesLiterals(ctx, format) : undefined;
  if (inMacro) {
    // A format the macro is given (`#define LOG(fmt, ...) fprintf(stderr, fmt, ##__VA_ARGS__)`),
    // a literal at each use: each is checked where it is written, and the call prints through the
    // stream's line buffer, which takes a format at run time.
    // The literals are the program's text, not the body's: their problems are told at the body's call.
    for (const use of inMacro) {
      const pieces = use.format.type === "concatenated_string" ? namedChildren(use.format) : [use.format];
      for (const piece of pieces.filter((p) => p.type === "string_literal")) {
        for (const p of formatProblems(literalContent(piece.text.slice(piece.text.indexOf('"'))) ?? "", fn)) {
          ctx.report(p.code, `${p.message} (in the format given at line ${use.format.startPosition.row + 1})`, format, { note: p.note });
        }
      }
    }
  } else if (f.kind === "expression") {
    const all = callArguments(call);
    if (all.at(-1)?.id !== format.id) {
      // A format the function is given (`report(const char *fmt, …)`) whose every caller passes a
      // literal: each literal is checked as the format it is, and the call prints through the
      // stream's line buffer, which takes a format at run time.
      const literals = callersLiterals(ctx.facts.program, call, format);
      if (!literals) {
        ctx.report("K2016", `${fn}()'s format is not a string literal, and the kernel's print macros need one`, format, {
          note: "pr_info() and the other macros glue the log level onto the format at compile time (KERN_INFO \"…\"), so it must be a string literal or a macro that expands to one; write the format out where it is used, or pass it as a literal to the function that prints it",
        });
        return;
      }
      const rest = all.slice(all.findIndex((a) => a.id === format.id) + 1);
      for (const literal of literals) checkFormat(ctx, classifyFormat(literal, ctx.facts.program), fn, rest);
    } else prefix = options.newline ? `"%s${options.errno ? `: ${options.errno}` : ""}\\n", ` : '"%s", ';
  } else {
    const all = callArguments(call);
    checkFormat(ctx, f, fn, all.slice(all.findIndex((a) => a.id === format.id) + 1));
    if (options.newline) appendNewline(ctx, f, options.errno);
  }
  if (options.drop) ctx.replace(options.drop, prefix);
  else if (prefix) ctx.insert(format.startIndex, prefix);
}

/**
 * The literals a format parameter takes: where `format` is a parameter of the function the call is
 * in, which the function never assigns, and every call of that function (by name; it is not used
 * as a value) passes a string literal, or a macro of one, in its place. Undefined otherwise.
 */
export function callersLiterals(program: ProgramFacts, call: Node, format: Node): Node[] | undefined {
  const name = unparenthesize(format);
  if (name.type !== "identifier") return undefined;
  const fn = program.functions.enclosing(call.startIndex);
  const facts = fn ? program.functions.get(fn.name) : undefined;
  const index = facts?.parameterNames.indexOf(name.text) ?? -1;
  if (!fn || !facts || index < 0 || fn.name === "main") return undefined;
  const assigned = facts.body.descendantsOfType(["assignment_expression", "update_expression"]).some((a) => {
    const target = a?.childForFieldName(a.type === "assignment_expression" ? "left" : "argument");
    return target && unparenthesize(target).text === name.text;
  });
  if (assigned) return undefined;
  const calls = program.callsNamed(new Set([fn.name]));
  // Used as a value, it may be called through a pointer, with any format.
  if (calls.length === 0 || functionsUsedAsValues(program, new Set([fn.name])).size > 0) return undefined;
  const literals: Node[] = [];
  for (const c of calls) {
    const argument = callArguments(c.call)[index];
    if (!argument || classifyFormat(argument, program).kind === "expression") return undefined;
    literals.push(argument);
  }
  return literals;
}

/**
 * In a macro's body, a format that is one of the macro's parameters (`fmt`, or `__VA_ARGS__`
 * whose first argument is the format): at each use of the macro, the literal given for it and the
 * arguments after it; undefined where the format is anything else, a use gives no literal, or the
 * macro is never used.
 */
export function macroUsesLiterals(ctx: RuleContext, format: Node): Array<{ format: Node }> | undefined {
  const program = ctx.facts.macroBodiesOf?.program;
  const name = unparenthesize(format);
  const at = ctx.facts.macroFileOffset?.(name.startIndex);
  if (!program || name.type !== "identifier" || at === undefined) return undefined;
  let definition: Node | null = program.root.descendantForIndex(at);
  while (definition && definition.type !== "preproc_function_def") definition = definition.parent;
  const parameters = definition?.childForFieldName("parameters");
  const macro = definition?.childForFieldName("name")?.text;
  if (!parameters || !macro) return undefined;
  const names = namedChildren(parameters).map((p) => (p.type === "variadic_parameter" || p.text === "..." ? "__VA_ARGS__" : p.text));
  if (parameters.text.includes("...") && !names.includes("__VA_ARGS__")) names.push("__VA_ARGS__");
  const index = names.indexOf(name.text);
  // Only the last parameter may be variadic: a format taken from it is its first argument.
  if (index < 0 || (name.text === "__VA_ARGS__" && index !== names.length - 1)) return undefined;
  const uses = program.callsNamed(new Set([macro]));
  if (uses.length === 0) return undefined;
  const out: Array<{ format: Node }> = [];
  for (const use of uses) {
    const args = callArguments(use.call);
    const literal = args[index];
    if (!literal || classifyFormat(literal, program).kind === "expression") return undefined;
    out.push({ format: literal });
  }
  return out;
}

/**
 * Ports a string printed as it is (puts, perror, fputs) into a pr_*() argument list: a plain
 * literal without '%' becomes the format itself, with `\n` added inside it when the call ended
 * the line; anything else is printed through "%s".
 */
export function portTextArgument(ctx: RuleContext, text: Node, newline: boolean, errno?: string): void {
  const t = unparenthesize(text);
  const content = t.type === "string_literal" ? literalContent(t.text) : undefined;
  const end = newline ? `${errno ? `: ${errno}` : ""}\\n` : "";
  if (content !== undefined && !content.includes("%")) {
    // perror("") prints the errno text alone, without the ": ".
    if (content === "" && errno) ctx.insert(t.endIndex - 1, `${errno}\\n`);
    else if (end) ctx.insert(t.endIndex - 1, end);
    return;
  }
  ctx.insert(text.startIndex, `"%s${end}", `);
}

interface FormatProblem {
  code: DiagnosticCode;
  message: string;
  note: string;
  /** Offsets in the literal's text. */
  start: number;
  end: number;
}

/** One printf conversion: %[argument$][flags][width][.precision][length]conversion. */
const CONVERSION = /%(\d+\$)?([-+ #0']*)(\*(?:\d+\$)?|\d+)?(?:\.(\*(?:\d+\$)?|\d*))?(hh|h|ll|l|L|q|j|z|Z|t)?([\s\S])?/y;
const FLOATING = new Set(["f", "F", "e", "E", "g", "G", "a", "A"]);
const INTEGER = new Set(["d", "i", "o", "u", "x", "X"]);

/**
 * Checks every conversion of a format against lib/vsprintf.c (format_decode, pointer): the kernel
 * refuses %n, has no floating point and no errno text, hashes %p, and reads letters after %p as
 * one of its own pointer extensions. A conversion format_decode() does not know is worse than
 * unprinted: vsnprintf() warns once and stops at it, since the arguments after it can no longer
 * be matched to the format. Problems are reported on the conversion itself.
 */
export function checkFormat(ctx: RuleContext, format: FormatArgument, fn: string, args?: readonly Node[]): void {
  if (format.kind === "expression") return;
  if (format.kind === "macro") {
    for (const p of formatProblems(format.value, fn)) ctx.report(p.code, `${p.message} (in ${format.node.text})`, format.node, { note: p.note });
    return;
  }
  const pieces = format.node.type === "concatenated_string" ? namedChildren(format.node) : [format.node];
  // Literal pieces alone: each conversion's argument is then known by counting.
  const lengthsPorted = args !== undefined && pieces.every((p) => p.type === "string_literal" || p.type === "comment" || isPriMacro(p)) && portIntmaxLengths(ctx, pieces, args);
  for (const piece of pieces) {
    if (piece.type !== "string_literal") continue;
    const open = piece.text.indexOf('"') + 1;
    const content = literalContent(piece.text.slice(open - 1)) ?? "";
    for (const p of formatProblems(content, fn, lengthsPorted)) {
      ctx.report(p.code, p.message, { start: piece.startIndex + open + p.start, end: piece.startIndex + open + p.end }, { note: p.note });
    }
  }
}

/**
 * %jd and %qd: the kernel's format_decode() knows no j (intmax_t) and no q (BSD's quad) length, so
 * each becomes ll, and its argument is cast to long long or unsigned long long, the same 64 bits
 * intmax_t has on every architecture Linux runs on, so that the argument has the type ll says.
 * False (nothing changed) where a conversion the count cannot follow comes first (%1$d).
 */
function portIntmaxLengths(ctx: RuleContext, pieces: readonly Node[], args: readonly Node[]): boolean {
  const edits: Array<() => void> = [];
  let next = 0;
  for (const piece of pieces) {
    // "%" PRIu64: the macro is the rest of the conversion the literal before it opened.
    if (isPriMacro(piece)) next++;
    if (piece.type !== "string_literal") continue;
    // The text between the quotes: a "%" that ends the piece is not a conversion of its closing quote.
    const open = piece.text.indexOf('"') + 1;
    const raw = piece.text.slice(0, piece.text.lastIndexOf('"'));
    for (let i = raw.indexOf("%", open); i !== -1; i = raw.indexOf("%", i)) {
      if (raw[i + 1] === "%") {
        i += 2;
        continue;
      }
      CONVERSION.lastIndex = i;
      const [spec, position, , width, precision, length, conversion] = CONVERSION.exec(raw)!;
      if (position || width?.includes("$") || precision?.includes("$")) return false;
      if (width === "*") next++;
      if (precision === "*") next++;
      if ((length === "j" || length === "q") && conversion && INTEGER.has(conversion)) {
        const arg = args[next];
        if (!arg) return false;
        const at = piece.startIndex + i + spec.length - 2;
        const type = conversion === "d" || conversion === "i" ? "long long" : "unsigned long long";
        edits.push(() => {
          ctx.replace({ start: at, end: at + 1 }, "ll");
          ctx.insert(arg.startIndex, `(${type})(`);
          ctx.insert(arg.endIndex, ")");
        });
      }
      if (conversion && conversion !== "%") next++;
      i += spec.length;
    }
  }
  for (const edit of edits) edit();
  return true;
}

/**
 * %jd and %qd in a format the kernel's vsnprintf() reads where no print macro checks it (snprintf,
 * sprintf and the like, whose format is argument `position`): ported as for the print macros, ll
 * with a cast, since format_decode() warns at a j and stops formatting there. Only a literal format
 * (with <inttypes.h> macros among its pieces) can be counted against its arguments.
 */
export function portFormatLengths(ctx: RuleContext, call: Node, position: number): void {
  const args = callArguments(call);
  const format = args[position] && unparenthesize(args[position]!);
  if (!format) return;
  const pieces = format.type === "concatenated_string" ? namedChildren(format) : [format];
  if (!pieces.some((p) => p.type === "string_literal" && /%[^%a-zA-Z]*[jq]/.test(p.text))) return;
  if (!pieces.every((p) => p.type === "string_literal" || p.type === "comment" || isPriMacro(p))) return;
  portIntmaxLengths(ctx, pieces, args.slice(position + 1));
}

/** An <inttypes.h> format macro among a format's pieces (PRId64, PRIxPTR). */
export function isPriMacro(piece: Node): boolean {
  return piece.type === "identifier" && /^PRI[diouxX]\w+$/.test(piece.text);
}

function formatProblems(content: string, fn: string, lengthsPorted = false): FormatProblem[] {
  const problems: FormatProblem[] = [];
  for (let i = content.indexOf("%"); i !== -1 && i < content.length; i = content.indexOf("%", i)) {
    if (content[i + 1] === "%") {
      i += 2;
      continue;
    }
    CONVERSION.lastIndex = i;
    const m = CONVERSION.exec(content)!;
    const [spec, position, flags, , , length, conversion] = m;
    const at = i;
    const end = at + spec.length;
    const problem = (code: DiagnosticCode, message: string, note: string) => problems.push({ code, message, note, start: at, end });
    i = end;
    // A conversion cut off by the end of a piece continues in a macro piece ("%" PRIu64): nothing to read here.
    if (conversion === undefined) continue;
    if (conversion === "n") {
      problem(
        "K2010",
        `%n in ${fn}()'s format: the kernel's printk() refuses it`,
        "the kernel treats %n (a classic format-string exploit) as an unsupported conversion: printk() logs a one-time warning with a stack trace and prints nothing of the format from there on; count the characters with the return value of scnprintf() instead",
      );
    } else if (FLOATING.has(conversion)) {
      problem(
        "K2012",
        `%${conversion} prints floating point, which the kernel's printk() cannot`,
        "kernel code does not use the FPU, and printk() has no floating-point conversions: it would warn once and stop printing at this one; print integers instead, e.g. a fixed-point value as %d.%02d of value / 100 and value % 100",
      );
    } else if (conversion === "m") {
      problem(
        "K2013",
        `%m prints the C library's text for errno, and the kernel has no errno`,
        "printk() does not know %m (it would warn once and stop printing there); kernel functions return a negative error code, so print that number with %d, or its symbolic name with %pe and ERR_PTR(err)",
      );
    } else if (conversion === "p") {
      const after = content[end];
      if (after !== undefined && /[A-Za-z0-9]/.test(after)) {
        problems.push({
          code: "K2015",
          message: `%p followed by '${after}': the kernel reads the letters after %p as one of its pointer formats`,
          note: "printk()'s %p extensions (%pS, %pI4, %pe, …) would print the pointer as something else, or dereference it; separate the %p from the text after it",
          start: at,
          end: end + 1,
        });
      } else {
        problem(
          "K2011",
          "%p prints a hashed value in the kernel, not the address",
          "printk() hashes plain %p so that kernel addresses do not leak into the log; the same pointer always prints the same hash, so comparisons still work; use %px only where the real address is needed",
        );
      }
    } else if (position) {
      problem("K2014", `${spec} selects its argument by position, which the kernel's printk() does not support`, "list the arguments in the order the format uses them");
    } else if (flags!.includes("'")) {
      problem("K2014", `the ' flag in ${spec} (thousands grouping) is not supported by the kernel's printk()`, "printk() has no locale; remove the ' flag");
    } else if ((length === "j" || length === "q") && !(lengthsPorted && INTEGER.has(conversion))) {
      problem(
        "K2014",
        `the ${length} length in ${spec} is not supported by the kernel's printk()`,
        length === "j" ? "cast the argument to long long (or unsigned long long) and print it with %lld or %llu" : "use ll instead of q",
      );
    } else if ((length === "l" && (conversion === "c" || conversion === "s")) || conversion === "C" || conversion === "S") {
      problem("K2014", `${spec} prints wide characters, which the kernel's printk() does not support`, "the kernel works in bytes (UTF-8); print char strings with %s and chars with %c");
    } else if (!INTEGER.has(conversion) && !"cs%".includes(conversion)) {
      problem("K2014", `${spec} is not a conversion the kernel's printk() knows`, "printk() would log a one-time warning and stop printing at it; the kernel's printk-formats document lists what it prints");
    }
  }
  return problems;
}

const macroCache = new WeakMap<ProgramFacts, Map<string, string>>();

/** `#define NAME "literal"` at the top level: names whose value is a plain string literal, with its content. */
function macroStrings(program: ProgramFacts): Map<string, string> {
  let map = macroCache.get(program);
  if (!map) {
    map = new Map();
    if (program.macros.size > 0) {
      for (const node of namedChildren(program.root)) {
        if (node.type !== "preproc_def") continue;
        const name = node.childForFieldName("name")?.text;
        const value = literalContent(node.childForFieldName("value")?.text.trim() ?? "");
        if (name && value !== undefined) map.set(name, value);
      }
    }
    macroCache.set(program, map);
  }
  return map;
}
