// __func__ in main(), __LINE__ and __FILE__ keep the program's values: the port renames main(), adds lines above the program's code, and builds another file.
import type { ProgramFacts } from "../analysis/program.js";
import { macroDefinitions } from "../analysis/macro-bodies.js";
import type { Node } from "../core/syntax-tree.js";
import { defineRule, type RuleContext } from "../core/rule.js";
import { lineStartOf, nextLineStart } from "../core/syntax.js";
import { freshName, wordsOf } from "./added-code.js";
import { codeTokens } from "./tokens.js";

export default defineRule({
  id: "source-positions-kept",
  summary: "__func__ in main() becomes \"main\", __LINE__ the program's own line number and __FILE__ the program's file name, which the port's renaming, added lines and file would change",
  explanation: [
    "The compiler fills in __func__ with the name of the function it stands in and __LINE__ with the line it stands on; programs print them in their messages (`printf(\"%s:%d: …\", __func__, __LINE__)`).",
    "The port changes both. main() becomes the module's own function (NAME_main, or the init function itself), so __func__ there would name that; and the port adds code above the program's (the kernel headers, the line buffers, helpers a library call needs), so every line of the program moves down.",
    "So each __func__ in main() becomes the string \"main\", which has the same type, contents and size as the name C gives it, and each __LINE__ in the program's code becomes the number of the line it stood on in the program. One in the body of a #define takes the line where the macro is used, which in the module is another line: so a function-like macro that brings __LINE__ (itself, or through a macro it uses) takes the line as a first parameter, source_line, which its body says instead and passes on, and each use of it in the code gives the program's line of the macro's name, as the preprocessor gave it: `TRACE(\"first\")` on line 8 becomes `TRACE(8, \"first\")`.",
    "A __func__ in the body of a #define takes the name of the function where the macro is used, so one used in main() would name the module's function: main() gets `#define __func__ \"main\"` before it and `#undef __func__` after it, which GCC accepts (__func__ is not a macro of its own), so that every use inside it, written there or brought by a macro, says \"main\".",
    "__FILE__ names the file the compiler was given, and the module is built from a file of its own in the module's directory: each __FILE__, in the code and in macro bodies alike, becomes the program's file name as a string.",
  ].join(" "),
  docs: ["https://gcc.gnu.org/onlinedocs/cpp/Standard-Predefined-Macros.html", "https://gcc.gnu.org/onlinedocs/gcc/Function-Names.html"],
  headers: [],
  safety: "safe",
  // Not for a file that already is a module: it has no main(), and its lines are its own.
  appliesTo: (_target, source) => /\b__(?:func|FUNCTION|LINE|FILE)__\b/.test(source) && !/\bmodule_init\s*\(/.test(source),
  run(ctx) {
    const { program, source } = ctx.facts;
    const main = program.main;
    if (main && usesFuncThroughMacros(program, main.body)) {
      ctx.insert(lineStartOf(source, main.node.startIndex), '#define __func__ "main"\n');
      ctx.insert(nextLineStart(source, main.node.endIndex), "\n#undef __func__\n");
    }
    const lines = lineMacros(program);
    if (lines) passLines(ctx, program, lines);
    let line = 1;
    let counted = 0;
    for (const token of codeTokens(program.root, source, /\b__(?:func|FUNCTION|LINE|FILE)__\b/g)) {
      if (!program.isCompiled(token.start)) continue;
      if (token.name === "__FILE__") {
        ctx.replace(token, JSON.stringify(ctx.facts.names.file));
        continue;
      }
      // In a macro body, __LINE__ is the line the macro is used on: given to it by passLines().
      if (token.node.type === "preproc_arg") continue;
      if (token.name === "__LINE__") {
        // Lines counted from the last token on, so the text is read once.
        for (let at = source.indexOf("\n", counted); at >= 0 && at < token.start; at = source.indexOf("\n", at + 1)) line++, (counted = at + 1);
        ctx.replace(token, String(line));
      } else if (main && token.start >= main.node.startIndex && token.end <= main.node.endIndex) {
        ctx.replace(token, '"main"');
      }
    }
  },
});

/** Whether main()'s body uses a macro whose body says __func__, directly or through the macros it uses. */
function usesFuncThroughMacros(program: ProgramFacts, body: Node): boolean {
  if (!/\b__(?:func|FUNCTION)__\b/.test(program.source)) return false;
  const bringing = macrosBringing(program, ["__func__", "__FUNCTION__"]);
  if (bringing.size === 0) return false;
  const words = new Set(body.text.match(/[A-Za-z_]\w*/g) ?? []);
  return [...bringing.keys()].some((name) => words.has(name));
}

/**
 * The program's macros whose body names one of `words`, or a macro that does, to a fixed point:
 * each body read as the words it names (never a pattern made of the program's names).
 */
function macrosBringing(program: ProgramFacts, words: readonly string[]): Map<string, Node> {
  const definitions = new Map<string, { node: Node; words: Set<string> }>();
  for (const d of macroDefinitions(program)) {
    const name = d.childForFieldName("name")?.text;
    if (name) definitions.set(name, { node: d, words: new Set(d.childForFieldName("value")?.text.match(/[A-Za-z_]\w*/g) ?? []) });
  }
  const bringing = new Map([...definitions].filter(([, d]) => words.some((w) => d.words.has(w))).map(([name, d]) => [name, d.node]));
  for (let grew = bringing.size > 0; grew; ) {
    grew = false;
    for (const [name, d] of definitions) {
      if (bringing.has(name) || ![...bringing.keys()].some((b) => d.words.has(b))) continue;
      bringing.set(name, d.node);
      grew = true;
    }
  }
  return bringing;
}

/**
 * The function-like macros that bring __LINE__ (their body says it, or uses such a macro), with
 * the name the line travels in; undefined where none does, or where an object-like macro brings
 * it (it has no argument to carry the line, and keeps the module's).
 */
function lineMacros(program: ProgramFacts): { macros: Map<string, Node>; parameter: string } | undefined {
  if (!/\b__LINE__\b/.test(program.source)) return undefined;
  const macros = macrosBringing(program, ["__LINE__"]);
  if (macros.size === 0 || [...macros.values()].some((d) => d.type !== "preproc_function_def")) return undefined;
  return { macros, parameter: freshName(["source_line"], wordsOf(program.source)) };
}

/**
 * Each macro that brings __LINE__ takes the line as a first parameter: its body says the parameter
 * where it said __LINE__ and passes it on to the macros it uses, and each use in the code gives the
 * program's line of the macro's name, as the preprocessor would have.
 */
function passLines(ctx: RuleContext, program: ProgramFacts, { macros, parameter }: { macros: Map<string, Node>; parameter: string }): void {
  const { source } = program;
  for (const definition of macros.values()) {
    const parameters = definition.childForFieldName("parameters")!;
    const empty = parameters.namedChildCount === 0 && !parameters.text.includes("...");
    ctx.insert(parameters.startIndex + 1, empty ? parameter : `${parameter}, `);
    const body = definition.childForFieldName("value");
    if (!body) continue;
    for (const m of body.text.matchAll(/\b[A-Za-z_]\w*\b/g)) {
      const at = body.startIndex + m.index;
      if (m[0] === "__LINE__") ctx.replace({ start: at, end: at + m[0].length }, `(${parameter})`);
      else if (macros.has(m[0]) && /^\s*\(/.test(body.text.slice(m.index + m[0].length))) {
        const open = source.indexOf("(", at + m[0].length);
        ctx.insert(open + 1, /^\s*\)/.test(source.slice(open + 1)) ? parameter : `${parameter}, `);
      }
    }
  }
  let line = 1;
  let counted = 0;
  for (const { call, callee } of program.callsNamed(new Set(macros.keys())).sort((a, b) => a.call.startIndex - b.call.startIndex)) {
    if (!program.isCompiled(call.startIndex)) continue;
    for (let at = source.indexOf("\n", counted); at >= 0 && at < callee.startIndex; at = source.indexOf("\n", at + 1)) line++, (counted = at + 1);
    const args = call.childForFieldName("arguments")!;
    ctx.insert(args.startIndex + 1, args.namedChildCount === 0 ? String(line) : `${line}, `);
  }
}