// What a rule is: metadata that explains it, plus one function that turns facts into edits and diagnostics.
import type { Node } from "./syntax-tree.js";
import type { ExecutionContextModel, GfpChoice } from "../analysis/context.js";
import type { MainExitPlan } from "../analysis/exit-paths.js";
import type { HelperExitPlan } from "../analysis/failing-helpers.js";
import type { OptionsPlan } from "../analysis/options.js";
import type { ModuleNames } from "../analysis/module-names.js";
import type { FlowExitPlan, FlowHelperPlan } from "../analysis/exits.js";
import type { FlowGraphs } from "../analysis/flow/graph.js";
import type { ProgramFacts } from "../analysis/program.js";
import type { ResourceModel } from "../analysis/resources.js";
import type { CodeStyle } from "../analysis/style.js";
import type { DiagnosticCode, Severity } from "./diagnostics.js";
import type { PortTarget } from "./target.js";

export interface RuleMeta {
  /** kebab-case, describes the change; also the file name under src/rules/. */
  id: string;
  /** One line: what changes into what. */
  summary: string;
  /** Why, in a few sentences a kernel newcomer can follow. */
  explanation: string;
  /** Kernel documentation the rule rests on. */
  docs: string[];
  /** Kernel headers the output needs once this rule has fired. */
  headers: string[];
  /** "safe" keeps the program's meaning; "review" asks a human to look. */
  safety: "safe" | "review";
  /**
   * C library functions this rule ports (a call rule handles the calls it names); a call to a
   * function no rule handles is refused.
   */
  handles?: string[];
  /**
   * Background the explain report gives where this rule's changes need it: ids of topics in
   * src/explain/topics.ts (a topic says which of the rule's changes call for it).
   */
  topics?: string[];
  /**
   * Which ports the rule takes part in (default: all), from the target and a glance at the
   * program's text. A phase none of whose rules apply is skipped, with the re-parse before it.
   */
  appliesTo?: (target: PortTarget, source: string) => boolean;
  /**
   * Whether the rule has work in the text its phase starts from, asked before that phase (and
   * before the re-parse that would lead to it): for a rule that only finishes what an earlier
   * phase's rule started, so that ports without it skip the phase and its parse.
   */
  wantedIn?: (text: string) => boolean;
  /**
   * The rule makes C the grammar cannot read (a function without a type, which C89 allowed) into
   * C it can: its phase runs on the program as parsed, before its syntax is checked, and the rule
   * answers from the text alone (the tree may have errors where it works).
   */
  repairsSyntax?: boolean;
}

/** Read-only facts about the text a phase works on. */
export interface Facts {
  source: string;
  program: ProgramFacts;
  /** The control flow of every function, built on first use and shared by every analysis. */
  flow: FlowGraphs;
  resources: ResourceModel;
  style: CodeStyle;
  context: ExecutionContextModel;
  /** Exit plan of main(), when the text still has a main(). */
  mainPlan: MainExitPlan | undefined;
  /**
   * main()'s exits as the flow graph reads them, used where the statement-order plan above cannot
   * port main(): undefined when that plan can, or when failing helpers need it.
   */
  flowExitPlan: FlowExitPlan | undefined;
  /** Helpers that can end the process, read from the flow graph, where the statement-order helper plan refuses them. */
  flowHelperPlan: FlowHelperPlan | undefined;
  /** Helpers whose exits become error returns. */
  helperPlan: HelperExitPlan;
  /** What main() reads from argv, and the module parameters that replace it. */
  optionsPlan: OptionsPlan | undefined;
  /** Names chosen once, from the original program. */
  names: ModuleNames;
  /** The output's style and the kernel release it targets. */
  target: PortTarget;
  /**
   * The program as written passed the portability check (the first phase asks it): what that check
   * found of the whole program (errno's reads see only what the module reproduces) holds for the port.
   */
  portabilityChecked: boolean;
  /**
   * Each function definition's range in this text, in source order. Read from the tree, or, where
   * the tree has not been read since the last phase's edits, carried over them (without the
   * definitions that phase added): a rule that needs no more than this and the text leaves the
   * tree unparsed.
   */
  functionRanges(): FunctionRanges;
  /** Set when this text is the program's #define bodies parsed on their own: the facts of the program they belong to. */
  macroBodiesOf?: Facts;
  /** With macroBodiesOf: where an offset of this text is in the program's file. */
  macroFileOffset?: (offset: number) => number | undefined;
}

export type FunctionRanges = Array<{ readonly name: string; readonly start: number; readonly end: number }>;

export type Target = Node | { start: number; end: number };

export interface RuleContext {
  readonly facts: Facts;
  /** Kernel headers needed by the rules that fired in earlier phases. */
  readonly headersNeeded: ReadonlySet<string>;
  /** `why`: the reason for this place's choice, where the rule has more than one (shown in the explain report). */
  replace(target: Target, text: string, why?: string): void;
  insert(offset: number, text: string): void;
  remove(target: Target): void;
  report(code: DiagnosticCode, message: string, target: Target, extra?: { note?: string; severity?: Severity }): void;
  /**
   * Whether a rule earlier in this phase already edits text in [start, end): a rule that only
   * tidies (removing what nothing uses) steps aside there rather than collide with it.
   */
  claimed(start: number, end: number): boolean;
  /** Marks the rule as having fired without an edit (its headers are still needed). */
  use(): void;
  /** The allocation flag for an allocation at this node, from the execution context. */
  gfpFor(node: Node): GfpChoice;
  /** The C library's functions whose calls some rule of the port handles (maps, keeps or defines). */
  readonly libraryCalls: ReadonlySet<string>;
}

export interface PassRule extends RuleMeta {
  run(ctx: RuleContext): void;
}

/**
 * The commonest rule: a library call mapped by name. The pipeline finds every call in one walk
 * of the tree and hands each rule the calls it names, which costs far less than one query per rule.
 */
export interface CallRule extends RuleMeta {
  calls: string[];
  rewrite(match: { readonly call: Node; callee: Node; name: string }, ctx: RuleContext): void;
}

export type Rule = PassRule | CallRule;

export function defineRule(rule: CallRule): CallRule;
export function defineRule(rule: PassRule): PassRule;
export function defineRule(rule: Rule): Rule {
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(rule.id)) throw new Error(`rule id '${rule.id}' is not kebab-case`);
  return rule;
}

export function isCallRule(rule: Rule): rule is CallRule {
  return "calls" in rule;
}
