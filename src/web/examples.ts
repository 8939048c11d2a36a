// The programs the playground offers: the project's own example, every whole-program fixture, and the programs of several
// files (tests/fixtures-multi) that need no build flags, bundled at build time.
import greeting from "../../examples/greeting.c?raw";
import type { ProgramFile } from "../core/index.js";

export interface Example {
  /** Stable id, used by the picker. */
  id: string;
  /** Its files, one a tab: a fixture's one file is named after its golden module. */
  files: ProgramFile[];
  /** The module's name its goldens were made with, for a program of several files; empty for kernelize's default. */
  name: string;
  /** What it shows: the comment that opens the program, when there is one. */
  title: string;
  /** Where it belongs in the picker. */
  group: string;
}

const fixtures = import.meta.glob<string>("../../tests/fixtures/*/user.c", { query: "?raw", import: "default", eager: true });
const programs = import.meta.glob<string>("../../tests/fixtures-multi/*/program/*.[ch]", { query: "?raw", import: "default", eager: true });
const programNames = import.meta.glob<string>("../../tests/fixtures-multi/*/module-name", { query: "?raw", import: "default", eager: true });
/** Programs whose port needs a build's -D (a compile_commands.json): the playground has no place for one. */
const NEEDS_BUILD_FLAGS = new Set(["greeting-level-defined"]);

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
  files: [{ path: "greeting.c", text: greeting }],
  name: "",
  title: titleOf(greeting),
  group: "Example",
};

/** Each program of several files: its files in name order, main.c first where there is one, as the CLI reads a directory; titled by its file with main(). */
function programExamples(): Example[] {
  const byProgram = new Map<string, ProgramFile[]>();
  for (const [path, text] of Object.entries(programs)) {
    const [, id, file] = /fixtures-multi\/([^/]+)\/program\/(.+)$/.exec(path)!;
    if (NEEDS_BUILD_FLAGS.has(id!)) continue;
    byProgram.set(id!, [...(byProgram.get(id!) ?? []), { path: file!, text }]);
  }
  return [...byProgram].map(([id, files]) => {
    files.sort((a, b) => Number(b.path === "main.c") - Number(a.path === "main.c") || a.path.localeCompare(b.path));
    const main = files.find((f) => /\bmain\s*\(/.test(f.text)) ?? files[0]!;
    const name = programNames[`../../tests/fixtures-multi/${id}/module-name`]?.trim() ?? id.replace(/-/g, "_");
    return { id, files, name, title: titleOf(main.text), group: "Programs of several files" };
  });
}

export const examples: Example[] = [
  DEFAULT_EXAMPLE,
  ...Object.entries(fixtures)
    .map(([path, code]) => {
      const name = /fixtures\/([^/]+)\/user\.c$/.exec(path)![1]!;
      const prefix = name.split("-")[0]!;
      return { id: name, files: [{ path: `${name.replace(/-/g, "_")}.c`, text: code }], name: "", title: titleOf(code), group: Object.hasOwn(GROUPS, prefix) ? GROUPS[prefix]! : "Whole programs" };
    })
    .sort((a, b) => a.group.localeCompare(b.group) || a.id.localeCompare(b.id)),
  ...programExamples(),
];
