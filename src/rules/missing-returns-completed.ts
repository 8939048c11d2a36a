// A function that returns a value but can run off its end (on a path the program never takes) gets a `return 0;` there: the kernel builds with -Werror=return-type.
import type { Node } from "../core/syntax-tree.js";
import { defineRule } from "../core/rule.js";
import { insertAtBodyEnd } from "./added-code.js";
import { calleeName, namedChildren, unparenthesize } from "../core/syntax.js";
import { PROCESS_ENDS } from "../analysis/flow/graph.js";

/** Return types whose zero is written `0`: C's integer types, bool, and the fixed-width and size types. */
const SCALAR = /^(?:(?:unsigned|signed|short|long|int|char|_Bool|bool)(?:\s+(?:unsigned|signed|short|long|int|char))*|size_t|ssize_t|ptrdiff_t|intptr_t|uintptr_t|u?int(?:8|16|32|64|max|_least\d+|_fast\d+)_t|enum\s+\w+)$/;

export default defineRule({
  id: "missing-returns-completed",
  summary: "a function that returns a value but can reach its closing brace gets a return of 0 (NULL for a pointer) there: the kernel's build stops at the missing return",
  explanation: [
    "A C function declared to return a value may still reach its closing brace without a return statement, on a path the program never takes (`if (k > 0) return k * 2;` and nothing after). gcc accepts it with a warning, and the value such a call gives is undefined.",
    "The kernel builds with -Werror=return-type, so the module would not build. Where the function's last statement does not always return or end the program, the port adds `return 0;` (`return NULL;` for a pointer) before the closing brace: on every path the program takes nothing changes, and the path it never takes now returns a defined value instead of whatever a register held.",
    "Functions returning a structure are left as they are: their zero has no one spelling.",
  ].join(" "),
  docs: ["https://gcc.gnu.org/onlinedocs/gcc/Warning-Options.html#index-Wreturn-type"],
  headers: [],
  safety: "safe",
  run(ctx) {
    const { program, source } = ctx.facts;
    for (const name of program.functions.names()) {
      if (name === "main") continue;
      const fn = program.functions.get(name)!;
      if (!program.isCompiled(fn.node.startIndex)) continue;
      const zero = fn.returnsPointer ? "NULL" : SCALAR.test(fn.returnType.trim()) ? "0" : undefined;
      if (!zero || endsEveryPath(fn.body)) continue;
      insertAtBodyEnd(ctx, source, fn, `${ctx.facts.style.indentUnit}return ${zero};\n`);
    }
  },
});

/** Whether a statement never lets control reach what follows it: a return, a call that ends the program, a goto, a loop with no way out, or an if/else or switch whose every way does the same. */
function endsEveryPath(statement: Node | null): boolean {
  if (!statement) return false;
  switch (statement.type) {
    case "return_statement":
    case "goto_statement":
      return true;
    case "compound_statement": {
      const last = namedChildren(statement).filter((c) => c.type !== "comment").at(-1);
      return last !== undefined && endsEveryPath(last);
    }
    case "expression_statement": {
      const e = statement.namedChildren[0];
      const call = e ? unparenthesize(e) : undefined;
      return call?.type === "call_expression" && PROCESS_ENDS.has(calleeName(call) ?? "");
    }
    case "if_statement": {
      const alternative = statement.childForFieldName("alternative");
      const otherwise = alternative?.type === "else_clause" ? alternative.namedChildren.find((c) => c.type !== "comment") ?? null : alternative;
      return otherwise !== null && endsEveryPath(statement.childForFieldName("consequence")) && endsEveryPath(otherwise);
    }
    case "labeled_statement":
      return endsEveryPath(statement.namedChildren.filter((c) => c.type !== "statement_identifier" && c.type !== "comment").at(-1) ?? null);
    case "for_statement":
    case "while_statement":
    case "do_statement":
      return forever(statement) && !breaksOut(statement.childForFieldName("body"));
    case "switch_statement":
      // A switch can fall out of its end unless it has a default and its body's last statement ends every path; a break anywhere leaves it.
      return /\bdefault\s*:/.test(statement.text) && !breaksOut(statement.childForFieldName("body")) && endsEveryPath(lastOf(statement.childForFieldName("body")));
    default:
      return false;
  }
}

function lastOf(body: Node | null): Node | null {
  const last = body ? namedChildren(body).filter((c) => c.type !== "comment").at(-1) : undefined;
  if (!last) return null;
  // The last case's statements: its last one.
  if (last.type === "case_statement") return namedChildren(last).filter((c) => c.type !== "comment").at(-1) ?? null;
  return last;
}

/** A loop with no condition, or a constant non-zero one: for (;;), while (1), do … while (1). */
function forever(loop: Node): boolean {
  const condition = loop.childForFieldName("condition");
  if (!condition) return loop.type === "for_statement";
  return /^\(?\s*(?:1|true)\s*\)?$/.test(condition.text);
}

/** Whether a break in this body (not in a loop or switch of its own) leaves the statement that owns it. */
function breaksOut(body: Node | null): boolean {
  if (!body) return false;
  const stack: Node[] = [body];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.type === "break_statement") return true;
    for (const c of n.namedChildren) if (!["for_statement", "while_statement", "do_statement", "switch_statement"].includes(c.type)) stack.push(c);
  }
  return false;
}
