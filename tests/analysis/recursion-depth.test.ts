import { describe, expect, it } from "vitest";
import { runAll } from "../helpers/rule-tester.js";

const found = async (code: string) => (await runAll(code, { name: "r" })).diagnostics.filter((d) => d.code === "K3013" || d.code === "K3017").map((d) => ({ at: `${d.code}@${d.range?.line}`, message: d.message }));
const program = (helper: string, call: string) => `#include <stdio.h>\n${helper}\nint main(void)\n{\n\tprintf("%lu\\n", (unsigned long)${call});\n\treturn 0;\n}\n`;
const sum = "static unsigned long sum_to(unsigned long n)\n{\n\tif (n == 0)\n\t\treturn 0;\n\treturn n + sum_to(n - 1);\n}\n";

describe("recursion depth", () => {
  it("refuses a recursion the program's constants make deeper than the kernel stack (K3017 at the call that fixes the depth)", async () => {
    const d = await found(`#define TERMS 100000\n${program(sum, "sum_to(TERMS)")}`);
    expect(d.map((x) => x.at)).toEqual(["K3017@12"]);
    expect(d[0]!.message).toContain("at least 100001 levels deep (n falls by 1 a level from 100000 to 0)");
    expect(d[0]!.message).toContain("more than the kernel's whole 16384-byte stack");
  });
  it("warns, with the depth and its cost, where the constant depth fits", async () => {
    const d = await found(program(sum, "sum_to(10)"));
    expect(d.map((x) => x.at)).toEqual(["K3013@6"]);
    expect(d[0]!.message).toBe("sum_to() calls itself: at least 11 levels from sum_to(10) (n falls by 1 a level from 10 to 0), 264 bytes of stack or more");
  });
  it("reads a rising counter against a bound passed on unchanged, and takes the largest step", async () => {
    const walk = "static int walk(int i, int len)\n{\n\tif (i >= len)\n\t\treturn 0;\n\treturn 1 + walk(i + 1, len) + walk(i + 2, len);\n}\n";
    expect((await found(program(walk, "walk(0, 50000)"))).map((x) => x.at)).toEqual(["K3017@11"]);
    expect((await found(program(walk, "walk(0, 20)")))[0]!.message).toContain("at least 11 levels from walk(0, 20) (i rises by 2 a level from 0 to 20)");
  });
  it("takes a definition's own name for its declarator, not a call, and still finds the self-call in its body", async () => {
    expect(await found(program("static unsigned long once(unsigned long n)\n{\n\treturn n + 1;\n}\n", "once(10)"))).toEqual([]);
    const twice = "static unsigned long twice(unsigned long n)\n{\n\treturn n == 0 ? 0 : 2 + twice(n - 1);\n}\n";
    expect((await found(program(twice, "twice(10)"))).map((x) => x.at)).toEqual(["K3013@4"]);
  });
  it("gives a halving parameter a logarithmic depth", async () => {
    const bits = "static int bits(unsigned long n)\n{\n\treturn n ? 1 + bits(n / 2) : 0;\n}\n";
    expect((await found(program(bits, "bits(1000000000)")))[0]!.message).toContain("at least 30 levels");
  });
  it("counts the structures a level takes by value, through a typedef or a tag, unions by their largest member", async () => {
    const board = "typedef struct { int cells[81]; } board;\nstatic int fill(board b, int pos)\n{\n\tif (pos == 81)\n\t\treturn b.cells[0];\n\tb.cells[pos] = pos;\n\treturn fill(b, pos + 1);\n}\n";
    const d = await found(`${program(board, "fill((board){ { 0 } }, 0)")}`);
    expect(d.map((x) => x.at)).toEqual(["K3017@13"]);
    expect(d[0]!.message).toContain("at 348 bytes a level or more");
    const tagged = "struct pair { long a[4]; union { char c[40]; int i; } u; };\nstatic long walk(struct pair p, int n)\n{\n\treturn n == 0 ? p.a[0] : walk(p, n - 1);\n}\n";
    expect((await found(program(tagged, "walk((struct pair){ { 1 } }, 10)")))[0]!.message).toContain("at least 11 levels from walk((struct pair){ { 1 } }, 10) (n falls by 1 a level from 10 to 0), 1056 bytes");
  });
  it("counts the frame's small arrays in each level", async () => {
    const deep = "static int deep(int n)\n{\n\tchar pad[200];\n\n\tpad[0] = (char)n;\n\treturn n <= 0 ? pad[0] : deep(n - 1);\n}\n";
    expect((await found(program(deep, "deep(100)"))).map((x) => x.at)).toEqual(["K3017@12"]);
  });
  it("counts a large array whole where no rule moves it to the heap (an int function, a frame under 2048 bytes)", async () => {
    const walk = "static int walk(int depth)\n{\n\tchar buf[1500];\n\n\tbuf[0] = (char)depth;\n\tif (depth == 12)\n\t\treturn buf[0];\n\treturn walk(depth + 1) + 1;\n}\n";
    const d = await found(program(walk, "walk(0)"));
    expect(d.map((x) => x.at)).toEqual(["K3017@14"]);
    expect(d[0]!.message).toContain("at least 13 levels deep (depth rises by 1 a level from 0 to 12); at 1524 bytes a level or more that is 19812 bytes");
  });
  it("counts a large array as a pointer where stack-arrays-to-kmalloc moves it (a function returning a pointer)", async () => {
    const walk = "static char *walk(int depth)\n{\n\tchar buf[1500];\n\n\tbuf[0] = (char)depth;\n\tif (depth == 12)\n\t\treturn NULL;\n\treturn walk(depth + 1);\n}\n";
    const d = await found(program(walk, "walk(0)"));
    expect(d.map((x) => x.at)).toEqual(["K3013@9"]);
    expect(d[0]!.message).toContain("(depth rises by 1 a level from 0 to 12), 416 bytes of stack or more");
  });
  it("only warns where the depth follows data: a parameter not moved by a constant, a bound it cannot read, mutual recursion", async () => {
    const qs = "static void qs(int *a, int lo, int hi)\n{\n\tint p;\n\n\tif (lo >= hi)\n\t\treturn;\n\tp = lo;\n\tqs(a, lo, p - 1);\n\tqs(a, p + 1, hi);\n}\n";
    expect((await found(`static int arr[10];\n${program(qs, "(qs(arr, 0, 9), 0)")}`)).map((x) => x.message)).toEqual(["qs() calls itself"]);
    const list = "struct node { struct node *next; };\nstatic int len(struct node *n)\n{\n\treturn n ? 1 + len(n->next) : 0;\n}\n";
    expect((await found(program(list, "len(NULL)"))).map((x) => x.at)).toEqual(["K3013@5"]);
    const even = "static int odd(int n);\nstatic int even(int n)\n{\n\treturn n == 0 ? 1 : odd(n - 1);\n}\nstatic int odd(int n)\n{\n\treturn n == 0 ? 0 : even(n - 1);\n}\n";
    const d = await found(program(even, "even(100000)"));
    expect(d.map((x) => x.message)).toEqual(["even() and odd() call each other"]);
  });
});
