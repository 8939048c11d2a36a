// What main() reads from its command line (getopt options, positional arguments) and the module parameters that replace it.
import type { Node } from "../core/syntax-tree.js";
import { calleeName, callArguments, descendants, namedChildren, statementsOf, unparenthesize } from "../core/syntax.js";
import type { AnalysisProblem } from "./problems.js";
import type { FunctionFacts } from "./program.js";

/** The kernel's module_param() types (include/linux/moduleparam.h) for the C types a program's options have. */
export type ParamType = "int" | "uint" | "long" | "ulong" | "short" | "ushort" | "charp" | "bool";

export interface ModuleParam {
  /** The variable the option set, which becomes the parameter of the same name. */
  name: string;
  type: ParamType;
  /** The C declaration at file scope: `static int count = 3;` */
  declaration: string;
  /** For MODULE_PARM_DESC: how the program took it (`-n`, `argument 1`). */
  origin: string;
  /** What an option without a value sets (`"1"` for `v = 1`, `"++"` for `v++`); undefined when it takes a value. */
  setsTo: string | undefined;
  /** The declaration in main() that moves to file scope, where every variable it declares goes (`int n = 3;`). */
  local: Node | undefined;
}

export interface OptionsPlan {
  /** main() takes argc/argv at all. */
  takesArguments: boolean;
  params: ModuleParam[];
  /** Statements that only read the command line (the getopt loop, `if (argc > 1) n = atoi(argv[1]);`). */
  removed: Node[];
  /**
   * Declarators that go from a declaration that keeps others: `width` of `int opt, width = 10;`
   * when width becomes a parameter and opt stays (each with its comma).
   */
  removedDeclarators?: Node[];
  problems: AnalysisProblem[];
  /**
   * main() reads argc/argv in a way that does not reduce to one variable per option or position
   * (`if (argc == 2)`, a loop over argv, argv[0]): main() keeps them, and the module rebuilds its
   * command line from an array parameter (`insmod NAME.ko args=one,two`).
   */
  commandLine?: { param: string; argc: string | undefined; argv: string | undefined; argcUsed: boolean; argvUsed: boolean; argvType: string };
}

/** How many words the module parameter that carries a command line holds. */
export const COMMAND_LINE_MAX = 32;

/** The name of that parameter (what `insmod NAME.ko args=…` says): the first the program does not use. */
function commandLineParam(source: string): string {
  const words = new Set(source.match(/[A-Za-z_]\w*/g) ?? []);
  return ["args", "cmdline", "program_args"].find((n) => !words.has(n) && !words.has(`nr_${n}`)) ?? "kz_program_args";
}

/** Conversions of an option's text that module_param() does by itself. */
const CONVERSIONS = new Set(["atoi", "atol", "atoll", "strtol", "strtoul", "strtoll", "strtoull"]);

export function planOptions(main: FunctionFacts): OptionsPlan {
  const [argc, argv] = main.parameterNames;
  const plan: OptionsPlan = { takesArguments: main.parameterNames.length > 0, params: [], removed: [], problems: [] };
  if (!argc) return plan;
  const statements = statementsOf(main.body);
  type Local = { node: Node; declarator: Node; type: string; pointer: boolean; value: string | undefined };
  const locals = new Map<string, Local>();
  // Each declaration's declarators, so that one that declares several variables (`int opt, width = 10;`) loses only those that go.
  const declaratorsOf = new Map<number, Node[]>();
  for (const s of statements) {
    if (s.type !== "declaration") continue;
    const type = s.childForFieldName("type")?.text ?? "";
    const declarators = s.childrenForFieldName("declarator");
    declaratorsOf.set(s.id, declarators);
    for (const d of declarators) {
      const declarator = d.type === "init_declarator" ? d.childForFieldName("declarator")! : d;
      if (declarator.type !== "identifier" && declarator.type !== "pointer_declarator") continue;
      const pointer = declarator.type === "pointer_declarator";
      const name = pointer ? declarator.childForFieldName("declarator")?.text : declarator.text;
      if (name) locals.set(name, { node: s, declarator: d, type: type.replace(/^const\s+/, ""), pointer, value: d.type === "init_declarator" ? d.childForFieldName("value")?.text : undefined });
    }
  }

  const addParam = (name: string, origin: string, at: Node, flagOnly: boolean, setsTo?: string) => {
    if (plan.params.some((p) => p.name === name)) return;
    const local = locals.get(name);
    if (!local) {
      plan.problems.push({ code: "K1004", node: at, message: `'${name}' is set from the command line but is not a local of main()`, note: "declare the variable an option sets in main(), with its default value" });
      return;
    }
    const type = paramType(local.type, local.pointer, flagOnly);
    if (!type) {
      plan.problems.push({ code: "K1004", node: local.node, message: `'${name}' has type ${local.type}${local.pointer ? " *" : ""}, which a module parameter cannot have`, note: "options become module parameters of type int, long, unsigned, bool or char *" });
      return;
    }
    const ctype = type === "charp" ? (local.type === "char" ? "char *" : `${local.type} *`) : local.type;
    const value = local.value ?? (type === "charp" ? "NULL" : type === "bool" ? "false" : "0");
    plan.params.push({ name, type, declaration: `static ${ctype.replace(/\* $/, "*")}${ctype.endsWith("*") ? "" : " "}${name} = ${value};`, origin, setsTo: flagOnly ? (setsTo ?? "1") : undefined, local: local.node });
  };

  let understood = true;
  for (const s of statements) {
    const getopt = descendants(s, "call_expression").find((c) => calleeName(c) === "getopt");
    if (getopt && s.type === "while_statement") {
      const optstring = callArguments(getopt)[2];
      const switchStatement = descendants(s, "switch_statement")[0];
      if (!optstring || optstring.type !== "string_literal" || !switchStatement) {
        plan.problems.push({ code: "K1004", node: s, message: "this getopt() loop has no switch over a literal option string", note: "write it as while ((c = getopt(argc, argv, \"n:v\")) != -1) switch (c) { case 'n': … }" });
        understood = false;
        continue;
      }
      for (const c of descendants(switchStatement, "case_statement")) {
        const label = c.childForFieldName("value");
        const letter = label?.type === "char_literal" ? label.text.slice(1, -1) : undefined;
        const body = namedChildren(c).filter((n) => n.id !== label?.id && n.type !== "comment");
        if (!letter || letter === "?" || letter === ":") continue; // usage and error cases: module_param() reports bad values itself
        for (const statement of body) {
          if (statement.type === "break_statement") continue;
          const expr = statement.type === "expression_statement" ? statement.namedChild(0) : null;
          const target = optionTarget(expr);
          if (!target) {
            plan.problems.push({ code: "K1004", node: statement, message: `option -${letter} does more than set a variable`, note: "let each option only set a variable (n = atoi(optarg); verbose = 1;), and act on the variables after the loop" });
            understood = false;
            continue;
          }
          addParam(target.name, `-${letter}`, statement, target.flag, target.setsTo);
        }
      }
      plan.removed.push(s);
      continue;
    }
    // if (argc > N) v = atoi(argv[N]);
    const positional = s.type === "if_statement" ? positionalArgument(s, argc, argv ?? "") : undefined;
    if (positional) {
      addParam(positional.name, `argument ${positional.index}`, s, false);
      plan.removed.push(s);
      continue;
    }
    const mentions = descendants(s, "identifier").filter((id) => id.text === argc || id.text === argv || id.text === "optarg" || id.text === "optind");
    const cast = s.type === "expression_statement" && /^\(\s*void\s*\)\s*\w+\s*;$/.test(s.text);
    if (cast && mentions.length > 0) {
      plan.removed.push(s);
      continue;
    }
    if (mentions.length > 0) {
      plan.problems.push({
        code: "K1004",
        node: mentions[0]!,
        message: `main() reads its command line here in a way kernelize does not turn into module parameters`,
        note: "read options with a getopt() loop, or as `if (argc > 1) n = atoi(argv[1]);`; each then becomes a module parameter",
      });
      understood = false;
    }
  }
  // A local only the removed code used (the getopt result `c`) goes with it.
  const within = (node: Node) => plan.removed.some((r) => node.startIndex >= r.startIndex && node.endIndex <= r.endIndex);
  const gone = new Set(plan.params.flatMap((p) => (p.local ? [locals.get(p.name)!.declarator.id] : [])));
  for (const [name, local] of locals) {
    if (plan.params.some((p) => p.name === name)) continue;
    const uses = descendants(main.body, "identifier").filter((id) => id.text === name && !(id.startIndex >= local.declarator.startIndex && id.endIndex <= local.declarator.endIndex));
    if (uses.length > 0 && uses.every(within)) gone.add(local.declarator.id);
  }
  // A declaration all of whose variables go goes whole; from another, only the declarators that go.
  const removedDeclarators: Node[] = [];
  for (const [id, declarators] of declaratorsOf) {
    const going = declarators.filter((d) => gone.has(d.id));
    if (going.length === 0) continue;
    const whole = going.length === declarators.length;
    const declaration = declarators[0]!.parent!;
    for (const p of plan.params) if (p.local?.id === id) p.local = whole ? declaration : undefined;
    if (whole && !plan.params.some((p) => p.local?.id === id)) plan.removed.push(declaration);
    if (!whole) removedDeclarators.push(...going);
  }
  if (removedDeclarators.length > 0) plan.removedDeclarators = removedDeclarators;
  if (!understood) plan.params = [];
  // A getopt() loop too keeps its calls there: getopt-defined gives the module glibc's getopt().
  if (plan.problems.length > 0) return commandLinePlan(main, plan);
  return plan;
}

/**
 * The general answer where the per-option parameters cannot be proven to mean the same: main()
 * keeps argc and argv as they are, and they hold what a string-array module parameter was given.
 */
function commandLinePlan(main: FunctionFacts, plan: OptionsPlan): OptionsPlan {
  const [argc, argv] = main.parameterNames;
  const used = (name: string | undefined) => name !== undefined && descendants(main.body, "identifier").some((id) => id.text === name);
  const argvParameter = namedChildren(main.parameters).filter((p) => p.type === "parameter_declaration")[1];
  return {
    takesArguments: plan.takesArguments,
    params: [],
    removed: [],
    problems: [],
    commandLine: { param: commandLineParam(main.node.tree.rootNode.text), argc, argv, argcUsed: used(argc), argvUsed: used(argv), argvType: argvParameter ? pointerTypeOf(argvParameter, argv ?? "") : "char **" },
  };
}

/** `char *argv[]` as the type of a variable that can be assigned: `char **`. */
function pointerTypeOf(parameter: Node, name: string): string {
  const text = parameter.text.replace(/\s+/g, " ").trim();
  const at = text.lastIndexOf(name);
  const withoutName = at >= 0 ? text.slice(0, at) + text.slice(at + name.length) : text;
  const pointer = withoutName.replace(/\[\s*\]/, "*");
  const star = pointer.indexOf("*");
  return star < 0 ? pointer.trim() : `${pointer.slice(0, star).trim()} ${pointer.slice(star).replace(/\s+/g, "")}`;
}

function paramType(type: string, pointer: boolean, flagOnly: boolean): ParamType | undefined {
  if (pointer) return type === "char" ? "charp" : undefined;
  if (type === "bool" || type === "_Bool") return "bool";
  const table: Record<string, ParamType> = { int: "int", "unsigned int": "uint", unsigned: "uint", long: "long", "unsigned long": "ulong", short: "short", "unsigned short": "ushort" };
  return table[type] ?? (flagOnly ? "int" : undefined);
}

/** `v = atoi(optarg);`, `v = optarg;`, `v = 1;`, `v = true;`, `v++;` */
function optionTarget(expr: Node | null): { name: string; flag: boolean; setsTo?: string } | undefined {
  if (!expr) return undefined;
  if (expr.type === "update_expression") {
    const arg = expr.childForFieldName("argument");
    return arg?.type === "identifier" ? { name: arg.text, flag: true, setsTo: "++" } : undefined;
  }
  if (expr.type !== "assignment_expression") return undefined;
  const left = expr.childForFieldName("left");
  const right = expr.childForFieldName("right");
  if (left?.type !== "identifier" || !right) return undefined;
  const value = unparenthesize(right);
  if (value.type === "identifier" && value.text === "optarg") return { name: left.text, flag: false };
  if (value.type === "number_literal" || value.type === "true" || value.type === "false") {
    return { name: left.text, flag: true, setsTo: value.type === "true" ? "1" : value.type === "false" ? "0" : value.text };
  }
  if (value.type === "call_expression" && CONVERSIONS.has(calleeName(value) ?? "") && callArguments(value)[0]?.text === "optarg") return { name: left.text, flag: false };
  return undefined;
}

/** `if (argc > N) v = atoi(argv[N]);` (or `argc >= N + 1`, or `v = argv[N]`). */
function positionalArgument(statement: Node, argc: string, argv: string): { name: string; index: number } | undefined {
  const condition = statement.childForFieldName("condition");
  const consequence = statement.childForFieldName("consequence");
  if (!condition || !consequence || statement.childForFieldName("alternative")) return undefined;
  // The pattern takes any name, then the name must be argc's: no pattern is made of the program's names.
  const bound = /^\(\s*([A-Za-z_]\w*)\s*(>|>=)\s*(\d+)\s*\)$/.exec(condition.text)?.slice(1);
  if (!bound || bound[0] !== argc) return undefined;
  const body = consequence.type === "compound_statement" ? statementsOf(consequence) : [consequence];
  const expr = body.length === 1 && body[0]!.type === "expression_statement" ? body[0]!.namedChild(0) : null;
  if (expr?.type !== "assignment_expression") return undefined;
  const left = expr.childForFieldName("left");
  const right = expr.childForFieldName("right");
  if (left?.type !== "identifier" || !right) return undefined;
  const value = unparenthesize(right);
  const source = value.type === "call_expression" && CONVERSIONS.has(calleeName(value) ?? "") ? callArguments(value)[0] : value;
  const index = /^(\w+)\s*\[\s*(\d+)\s*\]$/.exec(source?.text ?? "");
  if (!index || index[1] !== argv) return undefined;
  const n = Number(index[2]);
  const needed = bound[1] === ">" ? Number(bound[2]) + 1 : Number(bound[2]);
  return needed === n + 1 ? { name: left.text, index: n } : undefined;
}

/**
 * The module parameters that do what these command-line arguments did: `-n 3 -v word` becomes
 * `count=3 verbose=1 name=word`, read the way getopt() and the program's positions read them.
 */
export function paramsForArguments(plan: OptionsPlan, args: readonly string[]): { params: string[]; unmapped: string[] } {
  if (plan.commandLine) {
    // module_param_array() splits its value at commas, and cannot give an empty string; the
    // parameter parser splits at blanks and reads quotes: each byte that would be read so, a
    // backslash, and any byte outside printable ASCII is escaped as the module's argv helper
    // reads escapes (string_unescape()).
    const unmapped: string[] = args.filter((a) => a === "");
    if (args.length > COMMAND_LINE_MAX) unmapped.push(...args.slice(COMMAND_LINE_MAX));
    return { params: unmapped.length > 0 ? [] : [`${plan.commandLine.param}=${args.map(escapedArgument).join(",")}`], unmapped };
  }
  const byFlag = new Map(plan.params.filter((p) => p.origin.startsWith("-")).map((p) => [p.origin.slice(1), p]));
  const byPosition = new Map(plan.params.filter((p) => p.origin.startsWith("argument ")).map((p) => [Number(p.origin.slice(9)), p]));
  const values = new Map<string, string>();
  const unmapped: string[] = [];
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--") {
      positional.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith("-") || arg === "-" || byFlag.size === 0) {
      positional.push(arg);
      continue;
    }
    // Flags may be grouped (-vq); an option's value is the rest of the word or the next word.
    for (let j = 1; j < arg.length; j++) {
      const param = byFlag.get(arg[j]!);
      if (!param) {
        unmapped.push(`-${arg[j]}`);
        continue;
      }
      if (param.setsTo === undefined) {
        const value = j + 1 < arg.length ? arg.slice(j + 1) : args[++i];
        if (value === undefined) unmapped.push(arg);
        else values.set(param.name, value);
        break;
      }
      values.set(param.name, param.setsTo === "++" ? String(Number(values.get(param.name) ?? 0) + 1) : param.setsTo);
    }
  }
  positional.forEach((value, i) => {
    const param = byPosition.get(i + 1);
    if (param) values.set(param.name, value);
    else unmapped.push(value);
  });
  return { params: [...values].map(([name, value]) => `${name}=${value}`), unmapped };
}

/** An argument as the module's argv helper reads it: \\xHH for each byte of a blank, a comma, a quote or anything outside printable ASCII, \\\\ for a backslash. */
export function escapedArgument(argument: string): string {
  let out = "";
  for (const byte of new TextEncoder().encode(argument)) {
    const c = String.fromCharCode(byte);
    if (c === "\\") out += "\\\\";
    else out += byte > 0x20 && byte < 0x7f && !/[,"']/.test(c) ? c : `\\x${byte.toString(16).padStart(2, "0")}`;
  }
  return out;
}
