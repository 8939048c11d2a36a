// An allocation's result that the program dereferences without testing it gets a test: the module takes its failure path instead of oopsing.
import type { Node } from "../core/syntax-tree.js";
import { allocatingFunctions, allocatingMacros, fileScopeReaders, handedOn, nullableAllocators, testedAtOnce, uncheckedAllocations, uncheckedElementStore } from "../analysis/unchecked-allocations.js";
import { defineRule, type RuleContext } from "../core/rule.js";
import { callArguments, calleeName, indentationAt, statementCall, statementsOf, unparenthesize } from "../core/syntax.js";
import { macroDefinitions } from "../analysis/macro-bodies.js";
import { hasWord } from "../core/words.js";
import { conditionalAllocation } from "../analysis/ownership.js";
import { PROCESS_ENDS, PROCESS_ENDS_CALLED } from "../analysis/flow/graph.js";

/** Statements a test can follow directly: the allocation's own statement, in a block. */
const BLOCKS = new Set(["compound_statement", "case_statement", "labeled_statement"]);

export default defineRule({
  id: "allocation-results-checked",
  summary: "a malloc() result used without a NULL test gets one, which ends the program the way a failure does; later rules make that the function's failure path",
  explanation: [
    "A program that uses what malloc() returned without testing it works until memory runs out; then it dereferences NULL and dies with SIGSEGV, alone.",
    "In a module the same dereference is a kernel oops: it kills the process running insmod, may leave locks held, and with panic_on_oops set takes the whole machine down.",
    "So the port tests the result right after the allocation, as the program should have, and treats a NULL as the failure the program had no words for: `if (!p) exit(EXIT_FAILURE);`, written in the program's own terms, which the rules that turn exits into error returns then make into the function's failure path, up to init, which returns -ENOMEM and frees what it holds.",
    "The program's own allocators that can hand back NULL count as malloc() does: one that returns calloc()'s result untested, or returns NULL where its allocation failed (`if (!p) return NULL;`); not one that ends the program there (xmalloc()), nor one whose result gets its test inside it, before it is returned.",
    "A result is followed through copies (`t = t->next;` holds what t->next held), is read through wherever a value is (`x = p->len`), and counts as used where it is handed to one of the program's own functions, which may write through it, or where it is kept in a file-scope variable that a function called then names (`buffer = malloc(n); fill();`); and a result stored where the flow of one function cannot follow it, an array's element (`m[i] = malloc(n);`) the function never tests, or a member (`s->buf = malloc(n);`, `v[i].name = strdup(s);`, `struct vec v = { calloc(n, 4), n };`) the program tests against NULL nowhere, is tested right after it is stored, since the program uses it later as the memory it should be. A test after a declaration goes after the declarations that follow it and do not read the result, so that the variables an exit may set (`int status = 0;`) are declared where it is. An allocation that is one arm of a conditional (`v = n > 0 ? malloc(n) : NULL;`) is tested where that arm was taken (`if (n > 0 && !v)`).",
    "Where the allocation sits where no test can follow it (inside a condition or a loop header), the port is refused at the dereference, since a module that can dereference a failed allocation must never be written.",
  ].join(" "),
  docs: ["https://docs.kernel.org/core-api/memory-allocation.html", "https://docs.kernel.org/admin-guide/bug-hunting.html"],
  headers: [],
  safety: "review",
  topics: ["init-returns-negative-errno"],
  run(ctx) {
    // The style and the resource model are read only where a result needs a test: reading the style costs a pass over the program.
    const { program, flow, source } = ctx.facts;
    // The program's own allocators that can return NULL are followed as malloc() is; reading them
    // needs the resource model, which only a program that allocates is asked for.
    const libc = allocatingFunctions(program);
    const nullable = libc.size > 0 ? nullableAllocators(program, flow, ctx.facts.resources) : new Set<string>();
    // What can hand back NULL: the C library's allocators and those above, and the program's macros
    // that stand for one of them (`#define NEW(T) ((T *)xmalloc(sizeof(T)))`).
    const allocates = (callee: string) => ctx.facts.resources.allocators.get(callee)?.origin === "libc" || nullable.has(callee);
    for (const m of allocatingMacros(program, allocates)) nullable.add(m);
    const allocating = nullable.size > 0 ? allocatingFunctions(program, nullable) : libc;
    const tested = new Set<number>();
    for (const { name, start } of program.functions.ranges()) {
      const sites = allocating.get(start);
      if (!sites) continue;
      // An element stored to (`v[i] = malloc(n);`), which the flow does not follow, and never tested: tested right after it.
      const fn = program.functions.get(name);
      for (const site of sites) {
        const element = fn && uncheckedElementStore(site, fn.body, source);
        const statement = element && allocationStatement(site, source);
        if (!element || !statement) continue;
        insertTest(ctx, statement, element);
        tested.add(statement.id);
      }
      // Each result tested by the statement after it: nothing to find, no flow to build.
      if (sites.every(testedAtOnce)) continue;
      const body = flow.of(name);
      if (!body) continue;
      // A pointer handed to one of the program's functions counts as used there where that function reads it before testing it (its release functions free it, which NULL allows).
      const options = { passedOn: handedOn(program, flow, ctx.facts.resources, name), nullable, readsFileScope: fileScopeReaders(program, flow, name) };
      for (const u of uncheckedAllocations(body, ctx.facts.resources, options)) {
        const statement = allocationStatement(u.site, source);
        if (statement && tested.has(statement.id)) continue;
        // A use inside the allocation's own statement (`int *p = malloc(n), x = *p;`) comes before any test after it;
        // one inside the allocating call itself (`q = mat_mul(p, fib);` in a loop, after `p = q;`) reads
        // an earlier iteration's result, which that iteration's test after the statement covered.
        const inCall = u.use.startIndex >= u.site.startIndex && u.use.endIndex <= u.site.endIndex;
        const usedInside = statement !== undefined && !inCall && u.use.startIndex >= statement.startIndex && u.use.endIndex <= statement.endIndex;
        // An arm of a conditional (`v = n > 0 ? malloc(n) : NULL;`): tested where that arm was taken.
        const arm = conditionalArm(u.site, allocates);
        if (!statement || usedInside || arm === null) {
          ctx.report("K3015", `the result of ${u.site.childForFieldName("function")?.text ?? "the allocation"}() is dereferenced here without a NULL test`, u.use, {
            note: `a module that dereferences a failed allocation oopses the kernel; test '${u.variable}' against NULL right after it is allocated`,
          });
          continue;
        }
        insertTest(ctx, statement, u.variable, arm);
      }
    }
  },
});

/**
 * The test after the statement that stores the allocation, ending the program where it failed. A
 * statement that is a loop's or an if's whole body (`for (…)\n\tv[i] = malloc(n);`) gets braces
 * around it and its test, so that the test stays in the body.
 */
function insertTest(ctx: RuleContext, statement: Node, tested: string, when?: string): void {
  const { source } = ctx.facts;
  const indent = indentationAt(source, statement.startIndex);
  const test = `\n${indent}if (${when ? `${when} && ` : ""}!${tested})\n${indent}${ctx.facts.style.indentUnit}exit(EXIT_FAILURE);`;
  if (BLOCKS.has(statement.parent?.type ?? "")) {
    // After the declarations that follow a declaration and do not read the result: every variable
    // an exit may set (`int ret = 0;`) is declared where the test is, and the declarations stay
    // together. And after the program's own checks that come first and do not read it (`if (err) {
    // …; return 1; }`, where err says the allocation failed): the program's own failure path runs,
    // as it did, before the test can end the program.
    let after = statement;
    const root = /^[A-Za-z_]\w*/.exec(tested)?.[0];
    for (let next = statement.nextNamedSibling; root && next; next = next.nextNamedSibling) {
      if (next.type === "comment") continue;
      if (hasWord(next.text, root)) {
        // `CHECK(a != NULL, out);`, a macro of the program that leaves (goto, return, exit) where its test holds: the program's own test of it.
        if (!testsInLeavingMacro(ctx, next, tested)) break;
      } else if (!(next.type === "declaration" && statement.type === "declaration") && !leavesWhenTaken(next)) break;
      after = next;
    }
    ctx.insert(afterStatement(source, after), test);
    return;
  }
  const parent = statement.parent!;
  const gap = bodyGap(statement, source);
  const outer = indentationAt(source, parent.startIndex);
  if (gap && !gap.newline) {
    // `if (full) p = realloc(p, n);` on one line: the body goes to a line of its own, in braces, with its test.
    const inner = `${outer}${ctx.facts.style.indentUnit}`;
    ctx.replace({ start: gap.start, end: statement.startIndex }, ` {\n${inner}`);
    ctx.insert(afterStatement(source, statement), `${test.replaceAll(`\n${indent}`, `\n${inner}`)}\n${outer}}`);
    return;
  }
  const lineEnd = source.lastIndexOf("\n", statement.startIndex - 1);
  ctx.insert(source[lineEnd - 1] === "\r" ? lineEnd - 1 : lineEnd, " {");
  ctx.insert(afterStatement(source, statement), `${test}\n${outer}}`);
}

/**
 * Whether a statement is a use of one of the program's macros that can leave the block (its body
 * has a goto, a return, a break or continue, or a call that ends the program) with an argument
 * that tests the value against NULL (`a != NULL`, `!a`, `a`): `CHECK(a != NULL, out);` is the
 * program's own test, and the port's goes after it.
 */
function testsInLeavingMacro(ctx: RuleContext, statement: Node, tested: string): boolean {
  const call = statementCall(statement);
  const name = call ? calleeName(call) : undefined;
  if (!call || !name || !ctx.facts.program.macros.has(name)) return false;
  const body = macroDefinitions(ctx.facts.program).find((d) => d.childForFieldName("name")?.text === name)?.childForFieldName("value")?.text ?? "";
  if (!/\b(?:goto|return|break|continue)\b/.test(body) && !PROCESS_ENDS_CALLED.test(body)) return false;
  const shape = (t: string) => t.replace(/\s+/g, "");
  const value = shape(tested);
  const tests = new Set([value, `!${value}`, `!(${value})`, `${value}!=NULL`, `${value}==NULL`, `NULL!=${value}`, `NULL==${value}`, `${value}!=0`, `${value}==0`]);
  return callArguments(call).some((a) => tests.has(shape(unparenthesize(a).text)));
}

/** An if without an else whose branch leaves the rest of the block: `if (err) { puts("no memory"); return 1; }`, `if (st == 1) continue;`. */
function leavesWhenTaken(statement: Node): boolean {
  if (statement.type !== "if_statement" || statement.childForFieldName("alternative")) return false;
  const consequence = statement.childForFieldName("consequence");
  const last = consequence?.type === "compound_statement" ? statementsOf(consequence).at(-1) : consequence;
  if (!last) return false;
  if (["return_statement", "continue_statement", "break_statement", "goto_statement"].includes(last.type)) return true;
  const call = statementCall(last);
  return call !== undefined && PROCESS_ENDS.has(calleeName(call) ?? "");
}

/**
 * Where the allocation is one arm of a conditional whose value is stored (`c ? malloc(n) : NULL`):
 * the condition under which that arm was taken (`c`, or `!(c)` for the other arm), read again by
 * the test, so it must have no side effects (null where it has); undefined where the allocation is
 * no such arm, or both arms allocate (the result is tested whichever was taken).
 */
function conditionalArm(site: Node, allocates: (callee: string) => boolean): string | undefined | null {
  let top: Node = site;
  let n: Node | null = site.parent;
  while (n && (n.type === "parenthesized_expression" || n.type === "cast_expression")) {
    top = n;
    n = n.parent;
  }
  if (n?.type !== "conditional_expression") return undefined;
  const condition = n.childForFieldName("condition");
  const consequence = n.childForFieldName("consequence");
  if (!condition || /\+\+|--|[\w)\]]\s*\(|[^=!<>]=[^=]/.test(condition.text)) return null;
  // Both arms allocating: tested whichever was taken.
  if (conditionalAllocation(n, allocates)?.length === 2) return undefined;
  // `&&` binds looser than everything a condition without || or ?: is made of: no parentheses there.
  const bare = unparenthesize(condition).text;
  const taken = /\|\||\?/.test(bare) ? `(${bare})` : bare;
  return consequence?.id === top.id ? taken : `!(${bare})`;
}

/** The statement whose whole work is storing the allocation: `p = malloc(n);`, `T *p = malloc(n);` or `struct s v = { .p = malloc(n) };`, in a block. */
function allocationStatement(site: Node, source: string): Node | undefined {
  let n: Node | null = site.parent;
  while (n && (n.type === "parenthesized_expression" || n.type === "cast_expression")) n = n.parent;
  // An arm of a conditional whose value is stored.
  if (n?.type === "conditional_expression") {
    n = n.parent;
    while (n && (n.type === "parenthesized_expression" || n.type === "cast_expression")) n = n.parent;
  }
  if (n?.type === "initializer_pair") n = n.parent;
  if (n?.type === "initializer_list") n = n.parent;
  if (n?.type === "init_declarator") n = n.parent;
  else if (n?.type === "assignment_expression") n = n.parent;
  else return undefined;
  if (!n || (n.type !== "declaration" && n.type !== "expression_statement")) return undefined;
  // A block's statement, its test on the lines after it (after another statement on its line too: `else { c->t = SYM; c->s = strndup(s, n); }`).
  if (BLOCKS.has(n.parent?.type ?? "")) return n;
  // The whole body of a loop or an if, on a line of its own below its head or on the head's line
  // (no comment between): braces can go around it.
  return bodyGap(n, source) === undefined ? undefined : n;
}

/** The white space between a braceless body and the head it is the body of (`if (full)` and `p = realloc(…);`), or undefined where the statement is no such body. */
function bodyGap(statement: Node, source: string): { start: number; newline: boolean } | undefined {
  const parent = statement.parent;
  if (statement.type !== "expression_statement" || !parent || !BODY_OWNERS.has(parent.type)) return undefined;
  const previous = statement.previousSibling;
  const gap = previous ? source.slice(previous.endIndex, statement.startIndex) : "";
  if (!previous || previous.type === "comment" || !/^[ \t]*(?:\r?\n[ \t]*)?$/.test(gap)) return undefined;
  return { start: previous.endIndex, newline: gap.includes("\n") };
}

/** Statements whose body may be one statement without braces. */
const BODY_OWNERS = new Set(["for_statement", "while_statement", "if_statement", "else_clause"]);

/** Where a line after the statement starts: its end, or past a comment that ends its line (`p = malloc(n);  // the node`). */
function afterStatement(source: string, statement: Node): number {
  const rest = /^[ \t]*(?:\/\/[^\n]*|\/\*(?:(?!\*\/)[^\n])*\*\/[ \t]*)(?=\r?\n)/.exec(source.slice(statement.endIndex, statement.endIndex + 400));
  return statement.endIndex + (rest ? rest[0].length : 0);
}
