// How much a command says on standard error: -q only its errors, -v also what it decided and the whole output of the tools it ran.
//
// Standard output never changes with the level: it carries what the command was asked for (the
// diff, the report, the run's log, lint's findings), and scripts read it.

export type OutputLevel = "quiet" | "normal" | "verbose";

/** The help text of -q and -v, the same on every command (and so in docs/cli.md). */
export const QUIET_HELP = "print nothing on standard error but errors: no progress, summary, notes or warnings (standard output is unchanged)";
export const VERBOSE_HELP =
  "also print what kernelize decided and why (configuration file, kernel release, headers, rules applied) and the whole output of the tools it ran (make, the guest's console)";

let level: OutputLevel = "normal";

export function setOutputLevel(next: OutputLevel): void {
  level = next;
}

export function outputLevel(): OutputLevel {
  return level;
}

export const isQuiet = (): boolean => level === "quiet";
export const isVerbose = (): boolean => level === "verbose";

/** A line for -v: what kernelize chose and why. */
export function verboseLine(text: string): void {
  if (level === "verbose") process.stderr.write(`kernelize: ${text}\n`);
}

/** A line shown unless -q: summaries and notes. */
export function infoLine(text: string): void {
  if (level !== "quiet") process.stderr.write(`kernelize: ${text}\n`);
}
