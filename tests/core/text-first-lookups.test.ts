// identifiersNamed() and keywordStatements() find from the text what a walk of the tree finds:
// the same nodes, in document order, on every function of every fixture and on broken code.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { CLanguage } from "../../src/core/parse.js";
import { identifiersNamed, keywordStatements } from "../../src/core/syntax.js";
import { loadC } from "../../src/node-language.js";

const fixtures = join(import.meta.dirname, "..", "fixtures");
let language: CLanguage;
beforeAll(async () => {
  language = await loadC();
});

/** Every difference between the text-first lookups and a walk, for each function body of `text`. */
function differences(text: string): string[] {
  const out: string[] = [];
  const tree = language.parse(text);
  try {
    for (const fn of tree.rootNode.descendantsOfType("function_definition")) {
      const body = fn.childForFieldName("body");
      if (!body) continue;
      // A fresh tree for the walk, so that neither side reads the nodes the other read first.
      const walked = language.parse(text);
      const same = walked.rootNode.descendantForIndex(body.startIndex, body.endIndex);
      const place = (n: { type: string; startIndex: number; endIndex: number }) => `${n.type}@${n.startIndex}-${n.endIndex}`;
      const identifiers = same.descendantsOfType("identifier");
      for (const name of new Set(identifiers.map((n) => n.text))) {
        const a = identifiersNamed(body, name).map(place).join();
        const b = identifiers.filter((n) => n.text === name).map(place).join();
        if (a !== b) out.push(`${name} in ${place(body)}: ${a} vs ${b}`);
      }
      const returns = keywordStatements(body, "return", "return_statement").map(place).join();
      if (returns !== same.descendantsOfType("return_statement").map(place).join()) out.push(`returns in ${place(body)}`);
      walked.delete();
    }
  } finally {
    tree.delete();
  }
  return out;
}

describe("text-first lookups", () => {
  it("find the identifiers of a name and the return statements a walk finds, in every function of every fixture", () => {
    const dirs = readdirSync(fixtures).filter((d) => existsSync(join(fixtures, d, "user.c")));
    expect(dirs.length).toBeGreaterThan(100);
    for (const d of dirs) expect(differences(readFileSync(join(fixtures, d, "user.c"), "utf8")), d).toEqual([]);
  });

  it("pass over a name or keyword in a comment, a string, a macro body, a member and a longer word, and find them in broken code", () => {
    const code = '#define RET return p\nint f(int p, struct s *q)\n{\n\t/* return p */\n\tconst char *t = "p return";\n\tint pp = q->p;\n\n\tif (p)\n\t\treturn p + pp;\n\tint x = (1 + ;\n\treturn_value(p);\n\treturn -p;\n}\n';
    expect(differences(code)).toEqual([]);
    const tree = language.parse(code);
    const body = tree.rootNode.descendantsOfType("compound_statement")[0]!;
    expect(identifiersNamed(body, "p").length).toBeGreaterThanOrEqual(4);
    expect(keywordStatements(body, "return", "return_statement").map((r) => r.text)).toEqual(["return p + pp;", "return -p;"]);
    tree.delete();
  });
});
