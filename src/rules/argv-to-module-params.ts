// Options main() read from argv (getopt, positional arguments) become module parameters: `insmod NAME.ko count=3`.
import type { FunctionFacts } from "../analysis/program.js";
import type { OptionsPlan } from "../analysis/options.js";
import { COMMAND_LINE_MAX } from "../analysis/options.js";
import type { Node } from "../core/syntax-tree.js";
import { defineRule, type RuleContext } from "../core/rule.js";
import { indentationAt, lineStartOf, startsLine, statementsOf } from "../core/syntax.js";
import { freshName, includeHeaders, wordsOf } from "./added-code.js";
import { paragraphsRemoved, wholeLines } from "./text.js";

export default defineRule({
  id: "argv-to-module-params",
  summary: "options read from argv become module_param() variables, so `insmod NAME.ko count=3` does what `./prog -n 3` did",
  explanation: [
    "A module has no command line, but it has parameters: module_param(name, type, perm) makes a file-scope variable settable when the module is loaded (insmod NAME.ko name=value) and, with permission 0444, readable afterwards in /sys/module/NAME/parameters/.",
    "So each variable an option set moves out of main() to file scope, keeping its default, and gets a module_param() line with the kernel type that matches its C type (int, uint, long, bool, charp for strings).",
    "The kernel parses and checks the value itself before init runs, so the getopt() loop, the atoi() calls and the usage checks that read argv go away; a value that does not parse makes the load fail with -EINVAL instead of printing a usage line.",
    "MODULE_PARM_DESC() documents each parameter for modinfo.",
    "Where main() reads its command line in a way that does not come down to one variable per option (it compares argc with a number, walks argv in a loop, prints argv[0]), main() keeps argc and argv exactly as it used them, and the module rebuilds them: one array parameter of strings, `insmod NAME.ko args=one,two`, gives argv[1] and argv[2], argv[0] is the program's name (its file's, as a shell would have run it), argv[argc] is NULL and argc counts them, as the C runtime would have set them up before main().",
    "module_param_array() splits its value at commas and the kernel's parameter parser at blanks, so an argument that holds either is written with escapes, which the module reads with the kernel's string_unescape(): `args=hello\\x20world,a\\x2cb` gives argv[1] \"hello world\" and argv[2] \"a,b\" (two backslashes stand for one); kernelize check and run write the arguments they are given that way. An argument cannot be empty.",
  ].join(" "),
  docs: ["https://docs.kernel.org/driver-api/basics.html#c.module_param", "https://docs.kernel.org/admin-guide/kernel-parameters.html"],
  headers: ["linux/moduleparam.h"],
  safety: "review",
  handles: ["getopt"],
  run(ctx) {
    const { program, optionsPlan, source } = ctx.facts;
    const main = program.main;
    if (!main || !optionsPlan || !optionsPlan.takesArguments) return;
    if (optionsPlan.commandLine) {
      rebuildCommandLine(ctx, main, optionsPlan.commandLine);
      return;
    }
    for (const p of optionsPlan.problems) ctx.report(p.code, p.message, p.node, p.note ? { note: p.note } : {});
    if (optionsPlan.problems.length > 0) return;
    const gone = [...optionsPlan.removed, ...optionsPlan.params.flatMap((p) => (p.local ? [p.local] : []))];
    for (const range of paragraphsRemoved(source, gone.map((s) => wholeLines(source, s)))) ctx.remove(range);
    for (const range of declaratorsRemoved(optionsPlan.removedDeclarators ?? [])) ctx.remove(range);
    if (optionsPlan.params.length === 0) {
      ctx.use();
      return;
    }
    const block = optionsPlan.params
      .map((p) => `${p.declaration}\nmodule_param(${p.name}, ${p.type}, 0444);\nMODULE_PARM_DESC(${p.name}, "${describe(p.origin)}");\n`)
      .join("");
    ctx.insert(lineStartOf(source, main.node.startIndex), `${block}\n`);
  },
});

/**
 * argv as the C runtime builds it before main(), from the array parameter: the program's name, the
 * arguments (each one's escapes read as string_unescape() reads them), NULL.
 */
function argvHelper(helper: string, words: string, param: string, count: string, program: string): string[] {
  return [
    "/*",
    " * argv as the C runtime builds it before main(): the program's name, the arguments, NULL. In an",
    " * argument, \\xHH is the byte HH and \\\\ a backslash, as string_unescape() reads them: how one holds",
    " * a comma (\\x2c) or a blank (\\x20), which the parameter's own syntax cannot.",
    " */",
    `static char **${helper}(int *argc)`,
    "{",
    `	static char *${words}[ARRAY_SIZE(${param}) + 2] = { "${cString(program)}" };`,
    "	int i;",
    "",
    `	for (i = 0; i < ${count}; i++) {`,
    `		string_unescape_inplace(${param}[i], UNESCAPE_ANY);`,
    `		${words}[i + 1] = ${param}[i];`,
    "	}",
    `	${words}[${count} + 1] = NULL;`,
    "	if (argc)",
    `		*argc = ${count} + 1;`,
    `	return ${words};`,
    "}",
    "",
  ];
}

/** main() keeps argc and argv; an array parameter and a helper give them what the C runtime would. */
function rebuildCommandLine(ctx: RuleContext, main: FunctionFacts, line: NonNullable<OptionsPlan["commandLine"]>): void {
  const { source } = ctx.facts;
  const taken = wordsOf(source);
  const count = freshName([`nr_${line.param}`], taken);
  const helper = freshName(["command_line", "program_command_line"], taken);
  const words = freshName(["argv_words"], taken);
  includeHeaders(ctx, ["linux/kernel.h", "linux/moduleparam.h", ...(line.argvUsed ? ["linux/string_helpers.h"] : [])]);
  const block = [
    `/* The program's command line: insmod NAME.ko ${line.param}=one,two gives argv[1] and argv[2]. */`,
    `static char *${line.param}[${COMMAND_LINE_MAX}];`,
    `static int ${count};`,
    `module_param_array(${line.param}, charp, &${count}, 0444);`,
    `MODULE_PARM_DESC(${line.param}, "the program's command-line arguments, separated by commas");`,
    "",
    // A main() that counts its arguments but never reads them needs no argv (an unused helper would not build cleanly).
    ...(line.argvUsed ? argvHelper(helper, words, line.param, count, ctx.facts.names.program) : []),
    "",
  ].join("\n");

  ctx.insert(lineStartOf(source, main.node.startIndex), block);

  const cast = line.argvType === "char **" ? "" : `(${line.argvType})`;
  const declarations: string[] = [];
  if (line.argcUsed && line.argvUsed) declarations.push(`int ${line.argc};`, `${line.argvType}${line.argvType.endsWith("*") ? "" : " "}${line.argv} = ${cast}${helper}(&${line.argc});`);
  else if (line.argvUsed) declarations.push(`${line.argvType}${line.argvType.endsWith("*") ? "" : " "}${line.argv} = ${cast}${helper}(NULL);`);
  else if (line.argcUsed) declarations.push(`int ${line.argc} = ${count} + 1;`);
  if (declarations.length === 0) return;
  const first = statementsOf(main.body)[0];
  const indent = first && startsLine(source, first.startIndex) ? indentationAt(source, first.startIndex) : `${indentationAt(source, main.body.startIndex)}${ctx.facts.style.indentUnit}`;
  const blank = first && first.type !== "declaration" ? "\n" : "";
  ctx.insert(main.body.startIndex + 1, declarations.map((d) => `\n${indent}${d}`).join("") + blank);
}

/**
 * Ranges that take declarators out of a declaration that keeps others, each with its comma:
 * `int opt, width = 10;` loses `, width = 10`; a leading run goes up to the first kept one.
 */
function declaratorsRemoved(going: readonly Node[]): Array<{ start: number; end: number }> {
  const ranges: Array<{ start: number; end: number }> = [];
  const gone = new Set(going.map((d) => d.id));
  const declarations = new Map(going.map((d) => [d.parent!.id, d.parent!]));
  for (const declaration of declarations.values()) {
    const all = declaration.childrenForFieldName("declarator");
    const firstKept = all.findIndex((d) => !gone.has(d.id));
    if (firstKept > 0) ranges.push({ start: all[0]!.startIndex, end: all[firstKept]!.startIndex });
    for (let i = Math.max(firstKept, 1); i < all.length; i++) {
      if (gone.has(all[i]!.id)) ranges.push({ start: all[i - 1]!.endIndex, end: all[i]!.endIndex });
    }
  }
  return ranges;
}

function describe(origin: string): string {
  return origin.startsWith("-") ? `what the program's ${origin} option set` : `what the program's ${origin} was`;
}

/** Text inside a C string literal: backslashes and quotes escaped. */
function cString(text: string): string {
  return text.replace(/[\\"]/g, "\\$&");
}
