import { describe, expect, it } from "vitest";
import { initializedMembers } from "../../src/analysis/ownership.js";
import { loadC } from "../../src/index.js";

/** The paths the first initializer list of `code` stores to, with the text of each value. */
async function members(code: string): Promise<string[]> {
  const tree = (await loadC()).parse(code);
  try {
    const declarator = tree.rootNode.descendantsOfType("init_declarator").find((d) => d?.childForFieldName("value")?.type === "initializer_list")!;
    return initializedMembers(declarator, declarator.childForFieldName("value")!).map((m) => `${m.path} = ${m.value.text}`);
  } finally {
    tree.delete();
  }
}

const BUF = "struct buf {\n\tchar *data;\n\tsize_t len;\n\tint *more;\n};\n";

describe("the members an initializer list stores to", () => {
  it("matches positional values to the struct's members in order", async () => {
    expect(await members(`${BUF}void f(void)\n{\n\tstruct buf b = { malloc(16), 16 };\n}\n`)).toEqual(["b.data = malloc(16)", "b.len = 16"]);
  });

  it("names designated members, and a positional value after one follows it", async () => {
    expect(await members(`${BUF}void f(void)\n{\n\tstruct buf b = { .len = 8, malloc(4), .data = malloc(8) };\n}\n`)).toEqual(["b.len = 8", "b.more = malloc(4)", "b.data = malloc(8)"]);
  });

  it("reads a typedef of an unnamed struct, and of a tagged one defined apart", async () => {
    expect(await members("typedef struct {\n\tint id;\n\tchar *name;\n} player_t;\nvoid f(void)\n{\n\tplayer_t p = { 1, strdup(\"a\") };\n}\n")).toEqual(["p.id = 1", 'p.name = strdup("a")']);
    expect(await members(`typedef struct buf buf_t;\n${BUF}void f(void)\n{\n\tbuf_t b = { 0, 0, calloc(2, 4) };\n}\n`)).toEqual(["b.data = 0", "b.len = 0", "b.more = calloc(2, 4)"]);
  });

  it("follows no positional value it cannot name: after a nested designator, past an anonymous member, in an array", async () => {
    expect(await members("struct in { char *p; };\nstruct out { struct in a; char *q; };\nvoid f(void)\n{\n\tstruct out o = { .a.p = malloc(1), malloc(2) };\n}\n")).toEqual(["o.a.p = malloc(1)"]);
    expect(await members("struct s { union { int i; char *c; }; char *q; };\nvoid f(void)\n{\n\tstruct s v = { { 1 }, malloc(2) };\n}\n")).toEqual([]);
    expect(await members("void f(void)\n{\n\tchar *v[2] = { malloc(1), malloc(2) };\n}\n")).toEqual([]);
  });
});
