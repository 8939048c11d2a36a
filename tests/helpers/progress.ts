// The progress lines the verify commands print on standard error when it is not a terminal (a step that took a second or more), and the rest.

/** A step's result line: two spaces, the step, its time in seconds, what it produced. */
export const PROGRESS_LINE = /^ {2}\S+ +\d+\.\d\d s(?: {2}.*)?$/;

/** Standard error without the progress lines, for tests about what else a command says. */
export function withoutProgress(stderr: string): string {
  return stderr
    .split(/(?<=\n)/)
    .filter((line) => !PROGRESS_LINE.test(line.replace(/\n$/, "")))
    .join("");
}
