// The C library's text for errno where a program prints it (perror, err, warn) and the program's own test says what failed.
import { errnoTextOf } from "./errno-texts.js";
import type { Node } from "../core/syntax-tree.js";
import { callArguments, calleeName, declaratorName, descendants, functionDeclarator, unparenthesize } from "../core/syntax.js";
import { RETURNS_DESTINATION } from "./ownership.js";

/*
 * perror("malloc"), err(1, "malloc") and warn("malloc") end their line with ": " and the C
 * library's text for the current errno. The kernel has no errno, but the port can often tell
 * which value it would hold: the message sits in the branch the program takes when an
 * allocation's result is NULL (a C library allocator's, or a helper's of the program that returns
 * NULL only where its own allocation failed), and a failed allocation sets errno to ENOMEM. Anywhere else the
 * value depends on what ran before, and the text is left out (kernelize check says so).
 */

/** Allocators whose failure sets errno to ENOMEM. */
const ALLOCATORS = new Set(["malloc", "calloc", "realloc", "reallocarray", "strdup", "strndup", "aligned_alloc"]);

/** The calls that print the errno text after their message. */
export const ERRNO_PRINTERS: ReadonlySet<string> = new Set(["perror", "err", "verr", "warn", "vwarn"]);

/** The text strerror(errno) gives where `call` runs, when the program's own test decides it. */
export function errnoTextAt(call: Node): string | undefined {
  const errno = errnoAt(call);
  return errno ? errnoTextOf(errno) : undefined;
}

function errnoAt(call: Node): string | undefined {
  for (let child: Node = call, n = call.parent; n; child = n, n = n.parent) {
    if (n.type === "function_definition") return undefined;
    if (n.type !== "if_statement") continue;
    const condition = n.childForFieldName("condition");
    const consequence = n.childForFieldName("consequence");
    const alternative = n.childForFieldName("alternative");
    if (!condition) continue;
    const inThen = consequence !== null && within(child, consequence);
    const inElse = alternative !== null && within(child, alternative);
    if (!inThen && !inElse) continue;
    if (failedAllocation(condition, inThen, n)) return "ENOMEM";
  }
  return undefined;
}

function within(node: Node, container: Node): boolean {
  return node.startIndex >= container.startIndex && node.endIndex <= container.endIndex;
}

/** Whether `condition` being `taken` means an allocation returned NULL. */
function failedAllocation(condition: Node, taken: boolean, ifStatement: Node): boolean {
  const c = unparenthesize(condition);
  if (c.type === "unary_expression" && c.childForFieldName("operator")?.text === "!") {
    return failedAllocation(c.childForFieldName("argument")!, !taken, ifStatement);
  }
  if (c.type === "binary_expression") {
    const op = c.childForFieldName("operator")?.text;
    const left = c.childForFieldName("left")!;
    const right = c.childForFieldName("right")!;
    // `if (!a || !b)`: either failed, and both are allocations.
    if (op === "||" && taken) return failedAllocation(left, true, ifStatement) && failedAllocation(right, true, ifStatement);
    if (op === "&&" && !taken) return failedAllocation(left, false, ifStatement) && failedAllocation(right, false, ifStatement);
    if (op === "==" || op === "!=") {
      const tested = isNull(right) ? left : isNull(left) ? right : undefined;
      if (!tested) return false;
      return (op === "==") === taken && allocated(tested, ifStatement);
    }
    return false;
  }
  // A pointer tested for truth: the else branch is its NULL.
  return !taken && allocated(c, ifStatement);
}

function isNull(node: Node): boolean {
  const n = unparenthesize(node);
  return n.text === "NULL" || n.text === "0" || n.text === "(void *)0";
}

/** Whether `expression` is an allocation's result: the call itself, an assignment of it, or a variable last assigned one before `before`. */
function allocated(expression: Node, before: Node, depth = 0): boolean {
  let e = unparenthesize(expression);
  if (e.type === "assignment_expression") e = unparenthesize(e.childForFieldName("right")!);
  if (isAllocation(e, depth)) return true;
  if (e.type !== "identifier" && e.type !== "field_expression" && e.type !== "subscript_expression") return false;
  let fn: Node | null = before;
  while (fn && fn.type !== "function_definition") fn = fn.parent;
  if (!fn) return false;
  let last: Node | undefined;
  const visit = (n: Node) => {
    if (n.startIndex >= before.startIndex) return;
    if (n.type === "assignment_expression" && n.childForFieldName("operator")?.text === "=" && n.childForFieldName("left")?.text === e.text) last = n.childForFieldName("right")!;
    else if (n.type === "init_declarator" && declaratorName(n.childForFieldName("declarator"))?.text === e.text) last = n.childForFieldName("value") ?? undefined;
    for (const c of n.namedChildren) if (c) visit(c);
  };
  visit(fn);
  return last !== undefined && isAllocation(unparenthesize(last), depth);
}

/** How deep helpers that return allocations may call one another before the answer is no. */
const HELPER_DEPTH = 4;

function isAllocation(node: Node, depth = 0): boolean {
  let n = node;
  while (n.type === "cast_expression") n = unparenthesize(n.childForFieldName("value")!);
  if (n.type !== "call_expression") return false;
  const name = calleeName(n) ?? "";
  return ALLOCATORS.has(name) || (depth < HELPER_DEPTH && failsOnlyByAllocation(n.tree.rootNode, name, depth + 1));
}

/**
 * Whether the program's function `name` returns only memory it allocated, or NULL where that
 * allocation failed (`if (!p) return NULL;`, or `return p;` with p NULL): its NULL then leaves errno
 * at ENOMEM, as the failed allocation set it, for the caller's perror() to print.
 */
function failsOnlyByAllocation(root: Node, name: string, depth: number): boolean {
  let known = allocatingHelpers.get(root);
  if (!known) allocatingHelpers.set(root, (known = new Map()));
  const cached = known.get(name);
  if (cached !== undefined) return cached;
  known.set(name, false);
  const definition = root.namedChildren.find((d) => d.type === "function_definition" && declaratorName(functionDeclarator(d))?.text === name);
  let allocates = false;
  let only = definition !== undefined;
  for (const r of definition ? descendants(definition, "return_statement") : []) {
    let value = r.namedChildren.find((c) => c.type !== "comment");
    // `return strcpy(p, s);` returns p.
    while (value && unparenthesize(value).type === "call_expression" && RETURNS_DESTINATION.has(calleeName(unparenthesize(value)) ?? "")) value = callArguments(unparenthesize(value))[0];
    if (!value) only = false;
    else if (isNull(value)) only &&= errnoAt(r) === "ENOMEM";
    else if (allocated(value, r, depth)) allocates = true;
    else only = false;
    if (!only) break;
  }
  const answer = only && allocates;
  known.set(name, answer);
  return answer;
}

/** The answers of failsOnlyByAllocation(), by the parse they were read from. */
const allocatingHelpers = new WeakMap<Node, Map<string, boolean>>();

/**
 * `err(1, NULL)`: no message, only the C library's text for errno, which the port can print where
 * the program's own test says what failed (a NULL allocation: "Cannot allocate memory").
 */
export function isErrnoOnlyMessage(call: Node, format: Node | null | undefined): boolean {
  if (!format || !["NULL", "0"].includes(unparenthesize(format).text)) return false;
  const name = calleeName(call);
  return (name === "err" || name === "verr") && errnoTextAt(call) !== undefined;
}

/** `int t = errno;`: the variable an errno is saved in. */
export function errnoSave(statement: Node): { variable: string; errno: Node } | undefined {
  if (statement.type !== "declaration") return undefined;
  const init = statement.namedChildren.find((c) => c?.type === "init_declarator");
  const value = init?.childForFieldName("value");
  const name = init?.childForFieldName("declarator");
  if (value?.type === "identifier" && value.text === "errno" && name?.type === "identifier") return { variable: name.text, errno: value };
  return undefined;
}

/** `errno = t;`: the saved errno put back. */
export function errnoRestore(statement: Node, variable: string): { errno: Node } | undefined {
  if (statement.type !== "expression_statement") return undefined;
  const expr = statement.namedChild(0);
  if (expr?.type !== "assignment_expression" || expr.childForFieldName("operator")?.text !== "=") return undefined;
  const left = expr.childForFieldName("left");
  const right = expr.childForFieldName("right");
  if (left?.text === "errno" && right?.text === variable) return { errno: left };
  return undefined;
}

/**
 * The seed's `int saved = errno; cleanup(); errno = saved; err(1, …);`: in a block whose statements
 * are `body`, the exit at `exitAt` (the last, by default) preceded by the restore, with the save
 * first. The module reports its failure as a return value, so neither is needed there.
 */
export function errnoSavedAroundExit(body: readonly Node[], exitAt = body.length - 1): { save: Node; restore: Node; errno: [Node, Node] } | undefined {
  if (exitAt < 2) return undefined;
  const saved = errnoSave(body[0]!);
  const restored = saved ? errnoRestore(body[exitAt - 1]!, saved.variable) : undefined;
  return saved && restored ? { save: body[0]!, restore: body[exitAt - 1]!, errno: [saved.errno, restored.errno] } : undefined;
}
