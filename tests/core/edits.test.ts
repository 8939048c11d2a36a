import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { applyEdits, EditConflictError } from "../../src/core/edits.js";
import { translate } from "../../src/index.js";
import { seedDir } from "../helpers/paths.js";

const e = (start: number, end: number, text: string, ruleId = "r") => ({ start, end, text, ruleId });

describe("edits", () => {
  it("applies non-overlapping edits and leaves every other character alone", () => {
    const r = applyEdits("int  x = malloc(4);\n", [e(9, 15, "kmalloc"), e(17, 17, ", GFP_KERNEL")]);
    expect(r.text).toBe("int  x = kmalloc(4, GFP_KERNEL);\n");
  });

  it("rejects overlapping replacements", () => {
    expect(() => applyEdits("abcdef", [e(0, 3, "X", "one"), e(2, 4, "Y", "two")])).toThrow(EditConflictError);
    expect(() => applyEdits("abcdef", [e(1, 3, "X"), e(1, 2, "Y")])).toThrow(/overlapping edits/);
  });

  it("rejects an insertion inside a replaced range", () => {
    expect(() => applyEdits("abcdef", [e(1, 4, "X"), e(2, 2, "Y")])).toThrow(EditConflictError);
  });

  it("accepts edits that only touch, and orders insertions at one offset as produced", () => {
    const r = applyEdits("abcdef", [e(2, 4, "X"), e(4, 4, "1"), e(4, 4, "2"), e(2, 2, "<")]);
    expect(r.text).toBe("ab<X12ef");
  });

  it("maps output offsets back to the input", () => {
    const r = applyEdits("free(p);", [e(0, 4, "kfree")]);
    expect(r.map.toInput(5)).toBe(4); // "(" after kfree
    expect(r.map.rangeToInput(0, 5)).toEqual({ start: 0, end: 4 });
    expect(r.map.toInput(r.text.length)).toBe(8);
  });
});

describe("line endings", () => {
  it("a file of carriage returns alone (old Mac) ports as its LF twin does, with its module in CRs", async () => {
    const seed = readFileSync(join(seedDir, "user_code.c"), "utf8");
    const lf = await translate(seed, { name: "kernel_code" });
    const cr = await translate(seed.replaceAll("\n", "\r"), { name: "kernel_code" });
    expect(cr.diagnostics).toEqual([]);
    expect(cr.module).toBe(lf.module!.replaceAll("\n", "\r"));
    // CRLF files were already fine and stay so.
    const crlf = await translate(seed.replaceAll("\n", "\r\n"), { name: "kernel_code" });
    expect(crlf.ok).toBe(true);
  });
});
