// A plain Makefile's source list, where it is simple enough to read without running make: the link
// rule's objects (`prog: main.o list.o`), else a variable that lists them (`SRCS = …`, `OBJS = …`).

export type MakefileSources = { sources: string[] } | { unreadable: string };

/** Variables that name a program's sources or objects, in the order they are looked at. */
const LIST_VARIABLES = ["SRCS", "SRC", "SOURCES", "C_SOURCES", "CSRCS", "OBJS", "OBJ", "OBJECTS"];

/**
 * The .c files a Makefile builds its program from, as paths relative to its directory: `.o` names
 * become `.c`. A Makefile that includes another, calls a make function ($(wildcard …), $(shell …)),
 * or names its files through something this reader does not expand is unreadable, with the reason.
 */
export function makefileSources(text: string): MakefileSources {
  const lines = text.replace(/\\\r?\n/g, " ").split(/\r?\n/).map((l) => l.replace(/(^|[^\\])#.*$/, "$1"));
  const variables = new Map<string, string>();
  const rules: Array<{ targets: string[]; prerequisites: string }> = [];
  for (const line of lines) {
    if (/^\s*-?s?include\s/.test(line)) return { unreadable: "it includes another makefile" };
    if (/^\t/.test(line) || /^\s*$/.test(line)) continue;
    const assignment = /^\s*(?:override\s+|export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*([:+?]?|::)=\s*(.*)$/.exec(line);
    if (assignment) {
      const [, name, op, value] = assignment;
      if (op === "?" && variables.has(name!)) continue;
      variables.set(name!, op === "+" && variables.has(name!) ? `${variables.get(name!)} ${value!.trim()}` : value!.trim());
      continue;
    }
    const rule = /^([^:=]+?)\s*::?\s*([^=]*)$/.exec(line);
    if (rule) rules.push({ targets: rule[1]!.trim().split(/\s+/), prerequisites: rule[2]!.split(";")[0]!.trim() });
  }

  // Only $(VAR), ${VAR} and $(VAR:.c=.o) of the Makefile's own variables are expanded.
  const expand = (value: string, depth = 0): string | { unreadable: string } => {
    let failed: string | undefined;
    const out = value.replace(/\$(?:\(([^()]*)\)|\{([^{}]*)\})/g, (_, paren: string | undefined, brace: string | undefined) => {
      const inner = (paren ?? brace)!;
      const reference = /^([A-Za-z_][A-Za-z0-9_.-]*)(?::([^=]*)=(.*))?$/.exec(inner);
      if (!reference) {
        failed ??= `it computes a list with $(${inner.split(/\s/)[0]} …)`;
        return "";
      }
      const [, name, from, to] = reference;
      const known = variables.get(name!);
      if (known === undefined) {
        failed ??= `$(${name}) is not set in it`;
        return "";
      }
      const expanded = depth < 8 ? expand(known, depth + 1) : { unreadable: "its variables refer to themselves" };
      if (typeof expanded !== "string") {
        failed ??= expanded.unreadable;
        return "";
      }
      return from === undefined ? expanded : expanded.split(/\s+/).filter(Boolean).map((w) => (w.endsWith(from) ? w.slice(0, w.length - from.length) + to! : w)).join(" ");
    });
    return failed !== undefined ? { unreadable: failed } : out;
  };
  const asSources = (words: readonly string[]): string[] | undefined => {
    if (words.length === 0 || !words.every((w) => /^[\w./+-]+\.[co]$/.test(w))) return undefined;
    return [...new Set(words.map((w) => w.replace(/\.o$/, ".c")))];
  };

  // The link rule: a target (not a pattern, not .PHONY's) whose prerequisites are all objects or sources.
  let reason: string | undefined;
  for (const rule of rules) {
    if (rule.targets.some((t) => t.includes("%") || t.startsWith(".") || /\.[co]$/.test(t))) continue;
    const prerequisites = expand(rule.prerequisites);
    if (typeof prerequisites !== "string") {
      reason ??= prerequisites.unreadable;
      continue;
    }
    const sources = asSources(prerequisites.split(/\s+/).filter(Boolean));
    if (sources) return { sources };
  }
  for (const name of LIST_VARIABLES) {
    const value = variables.get(name);
    if (value === undefined) continue;
    const expanded = expand(value);
    if (typeof expanded !== "string") return { unreadable: expanded.unreadable };
    const sources = asSources(expanded.split(/\s+/).filter(Boolean));
    if (sources) return { sources };
  }
  return { unreadable: reason ?? "it names no link rule of objects and no SRCS or OBJS list" };
}
