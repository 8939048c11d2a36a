// The kernel's shape for a block comment of several lines: /* alone, " * " before each line, */ alone.

/**
 * `comment` (a whole `/* … *\/` comment) in the kernel's block shape, its lines indented by
 * `indent`; the text is kept word for word. Undefined when it has no text to keep.
 */
export function kernelBlockComment(comment: string, indent: string): string | undefined {
  const lines = comment
    .slice(2, -2)
    .split("\n")
    .map((l) => l.replace(/^\s*\*?(?!\/) ?/, "").trimEnd());
  while (lines.length > 0 && lines[0] === "") lines.shift();
  while (lines.length > 0 && lines.at(-1) === "") lines.pop();
  if (lines.length === 0) return undefined;
  const body = lines.map((l) => (l ? `${indent} * ${l}` : `${indent} *`)).join("\n");
  return `/*\n${body}\n${indent} */`;
}

/** Whether a comment of several lines already has the kernel's shape (whatever the stars' column). */
export function hasKernelBlockShape(comment: string): boolean {
  const lines = comment.split("\n");
  if (lines.length < 2 || lines[0]!.trimEnd() !== "/*" || !/^\s*\*\/$/.test(lines.at(-1)!)) return false;
  return lines.slice(1, -1).every((l) => /^\s*\*( |$)/.test(l));
}

/**
 * Whether a comment is the file's SPDX licence line, which the tree's tooling reads as written
 * (its first line): neither the rule nor the layout's settling gives it the block shape.
 */
export function isLicenceComment(comment: string): boolean {
  return /^\/\*\s*SPDX-License-Identifier/.test(comment);
}
