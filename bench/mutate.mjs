// Damaged and reshaped C programs for the robustness test and `npm run fuzz`: input #i is the same for a seed on every run and machine.
//
// Two families of mutation. Byte-level ones (truncate, delete or repeat a token, control bytes,
// unicode) make text that no longer parses; structure-aware ones read the program's syntax tree
// and make programs that still parse but take paths the analyses rarely see: a function spliced in
// from another program, a statement moved to another block or function, an exit or a goto put
// where none was, a label out of order, an identifier tens of thousands of characters long, old
// Mac line endings. Plain JavaScript so that the test (through vitest) and the benchmark (on
// dist/) share one generator.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** The programs mutated, in a fixed order: every fixture's user.c under `repo`, and the seed beside the checkout. */
export function fuzzSources(repo) {
  const fixtures = join(repo, "tests", "fixtures");
  const sources = readdirSync(fixtures).sort().map((d) => readFileSync(join(fixtures, d, "user.c"), "utf8"));
  sources.push(readFileSync(join(repo, "..", "shared", "seed", "user_code.c"), "utf8"));
  return sources;
}

/** A small deterministic generator (mulberry32). */
export function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Where the module `text` has a syntax error in code the module build compiles, as "line N", or
 * undefined: a branch the preprocessor removes is left as the program had it, and a lone CR ends a
 * line as it does for gcc. `analyzeProgram` is the analysis that knows which code is compiled;
 * `grammarView` (core/parse.ts) blanks the kernel's attribute macros (__printf(1, 2)) the grammar
 * does not know, as kernelize's own re-parse does.
 */
export function compiledSyntaxError(language, analyzeProgram, text, grammarView = (t) => t) {
  const view = grammarView(text.includes("\r") ? text.replace(/\r(?!\n)/g, "\n") : text);
  const tree = language.parse(view);
  try {
    if (!tree.rootNode.hasError) return undefined;
    const facts = analyzeProgram(tree, view);
    const visit = (node) => {
      if ((node.isError || node.isMissing) && facts.isCompiled(node.startIndex)) return `line ${node.startPosition.row + 1}: ${(node.parent ?? node).text.slice(0, 300)}`;
      for (const child of node.children) if (child && (child.hasError || child.isMissing)) {
        const found = visit(child);
        if (found) return found;
      }
      return undefined;
    };
    return visit(tree.rootNode);
  } finally {
    tree.delete();
  }
}

/** The seed of input #index in a run seeded with `seed`: inputs do not depend on each other, so one can be replayed alone. */
export function inputSeed(seed, index) {
  let h = (seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

const pick = (items, rnd) => items[Math.floor(rnd() * items.length)];
const TOKEN = /[A-Za-z_]\w*|\d+|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|\S/g;
const KEYWORDS = new Set(
  "auto break case char const continue default do double else enum extern float for goto if inline int long register restrict return short signed sizeof static struct switch typedef union unsigned void volatile while _Bool NULL main".split(" "),
);

/**
 * The program's syntax, as plain records with UTF-16 offsets (tree-sitter counts bytes, the
 * mutations splice strings): functions with their bodies, statements with the block they stand
 * in, identifiers. The tree is deleted before this returns.
 */
export function outline(source, parse) {
  const tree = parse(source);
  // tree-sitter's offsets are bytes of UTF-8; map them back to string offsets.
  const bytes = Buffer.from(source, "utf8");
  const ascii = bytes.length === source.length;
  const at = (byte) => (ascii ? byte : bytes.subarray(0, byte).toString("utf8").length);
  const functions = [];
  const statements = [];
  const identifiers = [];
  const visit = (node, fn, depth) => {
    if (depth > 200) return;
    if (node.type === "function_definition") {
      const body = node.childForFieldName("body");
      fn = { start: at(node.startIndex), end: at(node.endIndex), bodyStart: body ? at(body.startIndex) : -1, bodyEnd: body ? at(body.endIndex) : -1, index: functions.length };
      functions.push(fn);
    }
    if (node.type === "identifier" && fn) identifiers.push({ start: at(node.startIndex), end: at(node.endIndex), text: node.text, fn: fn.index });
    if (node.parent?.type === "compound_statement" && node.isNamed && node.type !== "comment" && fn) {
      statements.push({ start: at(node.startIndex), end: at(node.endIndex), type: node.type, fn: fn.index, block: at(node.parent.startIndex), depth });
    }
    for (const child of node.children) if (child) visit(child, fn, depth + 1);
  };
  visit(tree.rootNode, undefined, 0);
  const hasError = tree.rootNode.hasError;
  tree.delete();
  return { functions, statements, identifiers, hasError };
}

const insertAt = (s, at, text) => s.slice(0, at) + text + s.slice(at);
const removeRange = (s, start, end) => s.slice(0, start) + s.slice(end);

/** Where a new statement can go: before a statement of a function body, or just inside a body's brace. */
function statementSlot(o, rnd, fnIndex) {
  const candidates = fnIndex === undefined ? o.statements : o.statements.filter((st) => st.fn === fnIndex);
  if (candidates.length > 0 && rnd() < 0.85) {
    const st = pick(candidates, rnd);
    return { at: rnd() < 0.5 ? st.start : st.end, fn: st.fn };
  }
  const fns = o.functions.filter((f) => f.bodyStart >= 0 && (fnIndex === undefined || f.index === fnIndex));
  if (fns.length === 0) return undefined;
  const f = pick(fns, rnd);
  return { at: rnd() < 0.5 ? f.bodyStart + 1 : f.bodyEnd - 1, fn: f.index };
}

const EXITS = ["exit(1);", "exit(0);", "exit(EXIT_FAILURE);", "_exit(3);", "abort();", "return;", "return 0;", "return -1;", "return NULL;", "err(1, \"fuzz %d\", 1);", "errx(2, \"fuzz\");", "break;", "continue;", "quick_exit(4);", "longjmp(fuzz_env, 1);", "assert(0);"];

/** Mutations that read the syntax tree. Each returns the new text, or undefined when the program has nothing it can act on. */
export const structuralMutations = {
  /** A whole function from another program, before or after one of this program's, or replacing its body. */
  spliceFunction(s, rnd, ctx) {
    const donor = pick(ctx.donors, rnd);
    const d = outline(donor, ctx.parse);
    const o = ctx.outline(s);
    if (d.functions.length === 0 || o.functions.length === 0) return undefined;
    const from = pick(d.functions, rnd);
    const to = pick(o.functions, rnd);
    const mode = rnd();
    if (mode < 0.4) return insertAt(s, to.start, `${donor.slice(from.start, from.end)}\n\n`);
    if (mode < 0.7) return insertAt(s, to.end, `\n\n${donor.slice(from.start, from.end)}\n`);
    if (from.bodyStart < 0 || to.bodyStart < 0) return undefined;
    // Another function's body under this one's signature: its names, returns and labels meet a different frame.
    return s.slice(0, to.bodyStart) + donor.slice(from.bodyStart, from.bodyEnd) + s.slice(to.bodyEnd);
  },
  /** One function written twice, or a function's own copy under a second name. */
  duplicateFunction(s, rnd, ctx) {
    const o = ctx.outline(s);
    if (o.functions.length === 0) return undefined;
    const f = pick(o.functions, rnd);
    return insertAt(s, f.end, `\n\n${s.slice(f.start, f.end)}\n`);
  },
  /** A statement taken out of its place and put before or after another one: in another block, loop or function. */
  moveStatement(s, rnd, ctx) {
    const o = ctx.outline(s);
    if (o.statements.length < 2) return undefined;
    const moved = pick(o.statements, rnd);
    const target = rnd() < 0.6 ? pick(o.statements.filter((st) => st.fn === moved.fn), rnd) : pick(o.statements, rnd);
    if (!target || (target.start < moved.end && moved.start < target.end)) return undefined;
    const text = s.slice(moved.start, moved.end);
    const at = rnd() < 0.5 ? target.start : target.end;
    if (at >= moved.end) return s.slice(0, moved.start) + s.slice(moved.end, at) + `\n${text}\n` + s.slice(at);
    return s.slice(0, at) + `\n${text}\n` + s.slice(at, moved.start) + s.slice(moved.end);
  },
  /** Two statements of one block change places. */
  swapStatements(s, rnd, ctx) {
    const o = ctx.outline(s);
    const st = pick(o.statements, rnd);
    if (!st) return undefined;
    const siblings = o.statements.filter((x) => x.block === st.block && x.depth === st.depth && x !== st);
    const other = pick(siblings, rnd);
    if (!other) return undefined;
    const [a, b] = st.start < other.start ? [st, other] : [other, st];
    if (b.start < a.end) return undefined;
    return s.slice(0, a.start) + s.slice(b.start, b.end) + s.slice(a.end, b.start) + s.slice(a.start, a.end) + s.slice(b.end);
  },
  /** A statement removed: often the free, the close or the check that the analyses pair with another. */
  deleteStatement(s, rnd, ctx) {
    const st = pick(ctx.outline(s).statements, rnd);
    return st ? removeRange(s, st.start, st.end) : undefined;
  },
  /** An exit, return, break or longjmp put where the program had none, sometimes under a condition. */
  insertExit(s, rnd, ctx) {
    const slot = statementSlot(ctx.outline(s), rnd);
    if (!slot) return undefined;
    const exit = pick(EXITS, rnd);
    const guarded = rnd() < 0.5 ? `if (fuzz_flag)\n\t\t${exit}` : exit;
    return insertAt(s, slot.at, `\n\t${guarded}\n`);
  },
  /** A goto and its label in one function: forwards, backwards, into a block, past declarations, or to a label that is not there. */
  insertGoto(s, rnd, ctx) {
    const o = ctx.outline(s);
    const first = statementSlot(o, rnd);
    if (!first) return undefined;
    const label = `fuzz_label_${Math.floor(rnd() * 1000)}`;
    const jump = rnd() < 0.5 ? `goto ${label};` : `if (fuzz_flag)\n\t\tgoto ${label};`;
    if (rnd() < 0.1) return insertAt(s, first.at, `\n\t${jump}\n`);
    const second = statementSlot(o, rnd, first.fn);
    if (!second) return undefined;
    const labelText = rnd() < 0.3 ? `${label}:\n\t;` : `${label}:`;
    const [early, late] = first.at <= second.at ? [[first.at, jump], [second.at, labelText]] : [[second.at, labelText], [first.at, jump]];
    if (rnd() < 0.5) [early[1], late[1]] = [late[1], early[1]];
    return insertAt(insertAt(s, late[0], `\n${late[1]}\n`), early[0], `\n${early[1]}\n`);
  },
  /** A statement wrapped in a loop that never ends, a do-while, a switch or an if. */
  wrapStatement(s, rnd, ctx) {
    const st = pick(ctx.outline(s).statements, rnd);
    if (!st) return undefined;
    const text = s.slice(st.start, st.end);
    const wrapper = pick([`for (;;) {\n${text}\n}`, `while (1) {\n${text}\nbreak;\n}`, `do {\n${text}\n} while (0);`, `switch (fuzz_flag) {\ncase 1:\n${text}\ndefault:\nbreak;\n}`, `if (fuzz_flag) {\n${text}\n} else {\n${text}\n}`, `{\n{\n{\n${text}\n}\n}\n}`], rnd);
    return s.slice(0, st.start) + wrapper + s.slice(st.end);
  },
  /** Every use of one of the program's names, or one use alone, renamed to 32,768 to 70,000 characters. */
  hugeIdentifier(s, rnd, ctx) {
    const ids = ctx.outline(s).identifiers.filter((id) => !KEYWORDS.has(id.text));
    const id = pick(ids, rnd);
    if (!id) return undefined;
    const huge = `${id.text}_${"x".repeat(32_768 + Math.floor(rnd() * 37_000))}`;
    const uses = ctx.outline(s).identifiers.filter((other) => other.text === id.text).length;
    // Every use when that stays under 400 KB (a bigger input measures the size of the file, which bench/many-functions.mjs does, not the length of a name).
    if (rnd() < 0.2 || uses * huge.length > 400_000) return s.slice(0, id.start) + huge + s.slice(id.end);
    return s.replace(/[A-Za-z_]\w*/g, (word) => (word === id.text ? huge : word));
  },
  /** Old Mac line endings (CR alone), everywhere or mixed with LF and CRLF. */
  crOnly(s, rnd) {
    if (rnd() < 0.6) return s.replace(/\r?\n/g, "\r");
    return s.replace(/\r?\n/g, () => pick(["\r", "\n", "\r\n"], rnd));
  },
};

/** Mutations of the text alone: most leave a program that does not parse. */
export const byteMutations = {
  truncate: (s, r) => s.slice(0, Math.floor(r() * s.length)),
  deleteToken: (s, r) => {
    const tokens = [...s.matchAll(TOKEN)];
    const t = pick(tokens, r);
    return t ? s.slice(0, t.index) + s.slice(t.index + t[0].length) : s;
  },
  duplicateToken: (s, r) => {
    const tokens = [...s.matchAll(TOKEN)];
    const t = pick(tokens, r);
    return t ? s.slice(0, t.index) + t[0] + " " + s.slice(t.index) : s;
  },
  swapBytes: (s, r) => {
    const chars = [...s];
    const i = Math.floor(r() * (chars.length - 1));
    [chars[i], chars[i + 1]] = [chars[i + 1], chars[i]];
    return chars.join("");
  },
  deepNesting: (s, r) => {
    const depth = 50 + Math.floor(r() * 400);
    const inner = `${"{ ".repeat(depth)}x = ${"(".repeat(depth)}1${")".repeat(depth)};${" }".repeat(depth)}`;
    return s.replace(/\{\n/, `{\n\tint x;\n\t${inner}\n`);
  },
  hugeLiteral: (s, r) => {
    const big = r() < 0.5 ? `"${"A".repeat(20_000 + Math.floor(r() * 50_000))}"` : "9".repeat(5_000);
    return s.replace(/"[^"\n]*"|\b\d+\b/, big);
  },
  controlBytes: (s, r) => {
    const at = Math.floor(r() * s.length);
    return s.slice(0, at) + String.fromCharCode(1 + Math.floor(r() * 31)) + s.slice(at);
  },
  unicode: (s, r) => {
    const at = Math.floor(r() * s.length);
    return s.slice(0, at) + pick(["é", "€", "😀", "\u200b", "\ufeff"], r) + s.slice(at);
  },
};

export const mutationKinds = [...Object.keys(structuralMutations), ...Object.keys(byteMutations)];

/** Declarations the inserted statements lean on, so that most mutants still compile as C. */
const PRELUDE = "#include <setjmp.h>\n#include <assert.h>\nstatic int fuzz_flag;\nstatic jmp_buf fuzz_env;\n";

/**
 * Input #index of a run: a program from `sources`, its first mutation chosen round-robin (every
 * kind gets its share in any sample), then up to two more at random. Two thirds of the inputs are
 * structure-aware. `parse(text)` is the C grammar's parse (it returns a tree-sitter Tree).
 */
export function mutatedInput(sources, index, seed, parse) {
  const rnd = random(inputSeed(seed, index));
  const cache = new Map();
  const ctx = {
    parse,
    donors: sources,
    outline: (text) => {
      let o = cache.get(text);
      if (!o) cache.set(text, (o = outline(text, parse)));
      return o;
    },
  };
  const structural = Object.keys(structuralMutations);
  const bytes = Object.keys(byteMutations);
  const source = sources[Math.floor(rnd() * sources.length)];
  // Two structural rounds for every byte-level one, round-robin within each family.
  const round = Math.floor(index / 3);
  const first = index % 3 === 2 ? bytes[round % bytes.length] : structural[(round * 2 + (index % 3)) % structural.length];
  const kinds = [first];
  const more = rnd() < 0.35 ? (rnd() < 0.3 ? 2 : 1) : 0;
  for (let k = 0; k < more; k++) kinds.push(rnd() < 0.8 ? pick(structural, rnd) : pick(bytes, rnd));
  let text = source;
  const applied = [];
  for (const kind of kinds) {
    const next = kind in structuralMutations ? structuralMutations[kind](text, rnd, ctx) : byteMutations[kind](text, rnd);
    if (next === undefined || next === text) continue;
    text = next;
    applied.push(kind);
  }
  // The prelude makes fuzz_flag and fuzz_env exist; CR-only mutants keep their one kind of line end.
  const uses = /\bfuzz_(?:flag|env)\b/.test(text);
  if (uses) text = PRELUDE.replace(/\n/g, text.includes("\n") ? "\n" : "\r") + text;
  return { text, kinds: applied.length > 0 ? applied : ["none"], source: sources.indexOf(source) };
}
