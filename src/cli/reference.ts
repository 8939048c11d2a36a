// docs/cli.md: every command's arguments, options, formats and exit codes, written from the command tree itself.
import type { Command, Option } from "commander";
import { CONFIG_FILE, CONFIG_KEYS, PACKAGE_KEY } from "./config.js";
import { EXIT_CODES } from "./program.js";

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");

function optionRow(option: Option): string {
  const defaultValue = option.defaultValue === undefined || option.negate ? "" : `\`${JSON.stringify(option.defaultValue)}\``;
  const choices = option.argChoices ? ` (one of: ${option.argChoices.join(", ")})` : "";
  return `| \`${cell(option.flags)}\` | ${cell(option.description)}${choices} | ${defaultValue} |`;
}

function commandSection(command: Command, parent: string): string[] {
  const name = `${parent} ${command.name()}`;
  const args = command.registeredArguments.map((a) => (a.required ? `<${a.name()}${a.variadic ? "..." : ""}>` : `[${a.name()}${a.variadic ? "..." : ""}]`));
  const lines = [`## \`${[name, "[options]", ...args].join(" ")}\``, "", command.description(), ""];
  if (command.registeredArguments.length > 0) {
    lines.push("| argument | meaning |", "| --- | --- |");
    for (const a of command.registeredArguments) lines.push(`| \`${a.name()}\` | ${cell(a.description)} |`);
    lines.push("");
  }
  const options = command.options.filter((o) => !o.hidden);
  if (options.length > 0) {
    lines.push("| option | meaning | default |", "| --- | --- | --- |", ...options.map(optionRow), "");
  }
  for (const sub of command.commands) lines.push(...commandSection(sub, name));
  return lines;
}

/** The Markdown of docs/cli.md for this command tree. */
export function cliReference(program: Command): string {
  return [
    "# kernelize command reference",
    "",
    "<!-- Written by `npm run docs:cli` from the command definitions in src/cli/; a test keeps it current. -->",
    "",
    program.description(),
    "",
    "Every command prints diagnostics as `file:line:column: severity[CODE]: message`, and exits with:",
    "",
    "| exit code | meaning |",
    "| --- | --- |",
    ...EXIT_CODES.map(([code, meaning]) => `| ${code} | ${meaning} |`),
    "",
    "Options every command takes: `-h, --help`, `-q, --quiet`, `-v, --verbose`, `--config <file>` and `--no-config`; `kernelize -V, --version` prints the version.",
    "",
    "## Configuration file",
    "",
    `The options people repeat can be kept in \`${CONFIG_FILE}\`, or under a \`"${PACKAGE_KEY}"\` key in \`package.json\`. kernelize looks in the current directory, then in each parent up to the root, and reads the first directory that has either (a \`${CONFIG_FILE}\` beside a \`package.json\` wins); \`--config FILE\` names the file instead, \`--no-config\` reads none.`,
    "",
    "Precedence: **the command line, then the configuration file, then the defaults.** A command takes the keys that match its options and leaves the others (`kernelImage` means nothing to `port`). An unknown key, a value of the wrong kind, or a file that is not JSON is an error naming the file, with exit code 2, whichever command runs. `-v` names the file read and the values taken from it.",
    "",
    "| key | meaning |",
    "| --- | --- |",
    ...Object.entries(CONFIG_KEYS).map(([key, k]) => `| \`${key}\` | ${cell(k.meaning)} |`),
    "",
    "```json",
    '{ "style": "kernel", "kernel": "6.12", "author": "Ada Lovelace <ada@example.org>" }',
    "```",
    "",
    ...program.commands.flatMap((c) => commandSection(c, program.name())),
  ].join("\n");
}
