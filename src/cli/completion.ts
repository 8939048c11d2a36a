// `kernelize completion bash|zsh`: shell completion written from the command definitions, so it cannot drift from them.
//
// Hand-written generators, about a hundred lines: the libraries that complete commander programs
// either run the program on every Tab (slow with a WebAssembly parser to load) or are unmaintained;
// the command tree already holds every name, value placeholder and choice a script needs.
import { Argument, type Command, type Option } from "commander";
import { UsageError } from "./io.js";

export const SHELLS = ["bash", "zsh"] as const;

/** What follows an option on the command line, and how a shell completes it. */
type ValueKind = { kind: "none" } | { kind: "choice"; words: readonly string[] } | { kind: "file" } | { kind: "directory" } | { kind: "text" };

interface OptionSpec {
  names: string[];
  description: string;
  value: ValueKind;
  repeatable: boolean;
}

interface CommandSpec {
  name: string;
  description: string;
  options: OptionSpec[];
  /** The command takes operands, and they are files (or directories). */
  takesFiles: boolean;
  /** Operands from a fixed list instead (completion's own shell name). */
  operandChoices?: readonly string[];
}

function valueOf(option: Option): ValueKind {
  if (!option.required && !option.optional) return { kind: "none" };
  if (option.argChoices) return { kind: "choice", words: option.argChoices };
  const placeholder = /<([^>]+)>/.exec(option.flags)?.[1] ?? "";
  if (placeholder === "dir") return { kind: "directory" };
  if (placeholder === "file" || placeholder === "path") return { kind: "file" };
  return { kind: "text" };
}

function specOf(command: Command): CommandSpec {
  const choices = command.registeredArguments.find((a) => a.argChoices)?.argChoices;
  return {
    name: command.name(),
    description: command.description(),
    options: command.options
      .filter((o) => !o.hidden)
      .map((o) => ({
        names: [o.short, o.long].filter((n): n is string => n !== undefined),
        description: o.description,
        value: valueOf(o),
        repeatable: o.variadic || Array.isArray(o.defaultValue),
      })),
    takesFiles: command.registeredArguments.length > 0 && !choices,
    ...(choices ? { operandChoices: choices } : {}),
  };
}

/** The completion script for `shell`, from every command `program` has. */
export function completionScript(program: Command, shell: string): string {
  const commands = program.commands.map(specOf);
  if (shell === "bash") return bashScript(program.name(), commands);
  if (shell === "zsh") return zshScript(program.name(), commands);
  throw new UsageError(`completion ${shell}: choose ${SHELLS.join(" or ")}`);
}

// ---------------------------------------------------------------------------------------------
// bash: a function over COMP_WORDS; the command is the first word that is not an option.

function bashScript(name: string, commands: readonly CommandSpec[]): string {
  const fn = `_${name.replace(/\W/g, "_")}_complete`;
  const valueCase = (c: CommandSpec) => {
    const arms: string[] = [];
    for (const o of c.options) {
      if (o.value.kind === "none") continue;
      const action =
        o.value.kind === "choice"
          ? `COMPREPLY=($(compgen -W "${o.value.words.join(" ")}" -- "$cur"))`
          : o.value.kind === "directory"
            ? 'compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -d -- "$cur"))'
            : o.value.kind === "file"
              ? 'compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- "$cur"))'
              : "COMPREPLY=()";
      arms.push(`        ${o.names.join("|")}) ${action}; return ;;`);
    }
    return arms;
  };
  const operands = (c: CommandSpec) =>
    c.operandChoices
      ? `COMPREPLY=($(compgen -W "${c.operandChoices.join(" ")}" -- "$cur"))`
      : c.takesFiles
        ? 'compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- "$cur"))'
        : "COMPREPLY=()";
  const lines = [
    `# bash completion for ${name}, written by \`${name} completion bash\` from its command definitions.`,
    `# Load it with: source <(${name} completion bash)`,
    `${fn}() {`,
    '  local cur="${COMP_WORDS[COMP_CWORD]}" prev="${COMP_WORDS[COMP_CWORD-1]}" command="" i',
    "  for ((i = 1; i < COMP_CWORD; i++)); do",
    '    case "${COMP_WORDS[i]}" in -*) ;; *) command="${COMP_WORDS[i]}"; break ;; esac',
    "  done",
    '  case "$command" in',
    `    "") COMPREPLY=($(compgen -W "${[...commands.map((c) => c.name), "help", "-h", "--help", "-V", "--version"].join(" ")}" -- "$cur")) ;;`,
  ];
  for (const c of commands) {
    lines.push(`    ${c.name})`, '      case "$prev" in', ...valueCase(c), "      esac");
    lines.push(`      if [[ "$cur" == -* ]]; then COMPREPLY=($(compgen -W "${[...c.options.flatMap((o) => o.names), "-h", "--help"].join(" ")}" -- "$cur")); else ${operands(c)}; fi ;;`);
  }
  lines.push(`    help) COMPREPLY=($(compgen -W "${commands.map((c) => c.name).join(" ")}" -- "$cur")) ;;`, "  esac", "}", `complete -F ${fn} ${name}`, "");
  return lines.join("\n");
}

// ---------------------------------------------------------------------------------------------
// zsh: _arguments specs, one set per command; works from fpath (autoloaded) and when sourced.

/** Text inside a single-quoted _arguments spec: its brackets and colons escaped, cut to one clause. */
function zshText(text: string): string {
  const clause = text.replace(/\s*\([^)]*\)/g, "").split(";")[0]!.trim();
  const short = clause.length > 70 ? `${clause.slice(0, 67)}...` : clause;
  return short.replace(/\\/g, "\\\\").replace(/'/g, "'\\''").replace(/([[\]:])/g, "\\$1");
}

function zshAction(value: ValueKind): string {
  if (value.kind === "choice") return `:value:(${value.words.join(" ")})`;
  if (value.kind === "directory") return ":directory:_files -/";
  if (value.kind === "file") return ":file:_files";
  if (value.kind === "text") return ":value: ";
  return "";
}

function zshOption(o: OptionSpec): string {
  const action = zshAction(o.value);
  const description = `[${zshText(o.description)}]`;
  if (o.repeatable) return o.names.map((n) => `'*${n}${description}${action}'`).join(" ");
  if (o.names.length === 1) return `'${o.names[0]}${description}${action}'`;
  return `'(${o.names.join(" ")})'{${o.names.join(",")}}'${description}${action}'`;
}

function zshScript(name: string, commands: readonly CommandSpec[]): string {
  const fn = `_${name.replace(/\W/g, "_")}`;
  const lines = [
    `#compdef ${name}`,
    `# zsh completion for ${name}, written by \`${name} completion zsh\` from its command definitions.`,
    `# Load it with: source <(${name} completion zsh), or save it as _${name} in a directory on $fpath.`,
    `${fn}() {`,
    "  local curcontext=\"$curcontext\" state line",
    "  local -a commands",
    "  commands=(",
    ...commands.map((c) => `    '${c.name}:${zshText(c.description)}'`),
    "    'help:display help for a command'",
    "  )",
    "  _arguments -C '(- *)'{-h,--help}'[display help]' '(- *)'{-V,--version}'[output the version number]' '1: :->command' '*:: :->operands'",
    "  case $state in",
    "    command) _describe -t commands 'kernelize command' commands ;;",
    "    operands)",
    "      case $words[1] in",
  ];
  for (const c of commands) {
    const operands = c.operandChoices ? `'1:shell:(${c.operandChoices.join(" ")})'` : c.takesFiles ? "'*:file:_files'" : "";
    lines.push(`        ${c.name}) _arguments ${[...c.options.map(zshOption), "'(- *)'{-h,--help}'[display help]'", operands].filter(Boolean).join(" ")} ;;`);
  }
  lines.push(
    `        help) _describe -t commands 'kernelize command' commands ;;`,
    "      esac ;;",
    "  esac",
    "}",
    'if [[ "${zsh_eval_context[-1]}" == loadautofunc ]]; then',
    `  ${fn} "$@"`,
    "else",
    `  compdef ${fn} ${name}`,
    "fi",
    "",
  );
  return lines.join("\n");
}

export function registerCompletionCommand(program: Command): void {
  program
    .command("completion")
    .description("print the completion script for bash or zsh, written from these command definitions")
    .addArgument(new Argument("<shell>", "bash or zsh; load with `source <(kernelize completion bash)`, or save the zsh one as _kernelize on $fpath").choices(SHELLS))
    .action((shell: string) => {
      process.stdout.write(completionScript(program, shell));
      process.exitCode = 0;
    });
}
