// The programs the playground offers: the project's own example and every whole-program fixture, bundled at build time.
import greeting from "../../examples/greeting.c?raw";

export interface Example {
  /** Stable id, used by the picker. */
  id: string;
  /** The file name it is ported as: a fixture's stem is its golden module's name. */
  file: string;
  /** What it shows: the comment that opens the program, when there is one. */
  title: string;
  /** Where it belongs in the picker. */
  group: string;
  code: string;
}

const fixtures = import.meta.glob<string>("../../tests/fixtures/*/user.c", { query: "?raw", import: "default", eager: true });

/** Group names for the fixtures' prefixes; a fixture without a known prefix is a whole program. */
const GROUPS: Record<string, string> = {
  alloc: "Allocation",
  assert: "Assertions",
  conv: "Conversions",
  ctype: "Characters and limits",
  exit: "Exits",
  helper: "Exits in helpers",
  options: "Options",
  out: "Output",
  refuse: "Refused",
  sort: "Sorting",
  str: "Strings",
  time: "Time and randomness",
  warn: "Warnings",
};

/** The first line of the comment a program opens with, as a title. */
function titleOf(code: string): string {
  const line = code
    .split("\n")
    .map((l) => l.trim())
    .find((l) => l !== "" && l !== "/*");
  if (!line) return "";
  return line.replace(/^\/\*+\s*|^\*\s*|^\/\/\s*/, "").replace(/\s*\*\/$/, "");
}

export const DEFAULT_EXAMPLE: Example = {
  id: "greeting",
  file: "greeting.c",
  title: titleOf(greeting),
  group: "Example",
  code: greeting,
};

export const examples: Example[] = [
  DEFAULT_EXAMPLE,
  ...Object.entries(fixtures)
    .map(([path, code]) => {
      const name = /fixtures\/([^/]+)\/user\.c$/.exec(path)![1]!;
      const prefix = name.split("-")[0]!;
      return { id: name, file: `${name.replace(/-/g, "_")}.c`, title: titleOf(code), group: GROUPS[prefix] ?? "Whole programs", code };
    })
    .sort((a, b) => a.group.localeCompare(b.group) || a.id.localeCompare(b.id)),
];
