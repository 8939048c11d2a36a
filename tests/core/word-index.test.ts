import { describe, expect, it } from "vitest";
import { WordIndex, wordsAmong } from "../../src/core/words.js";

describe("WordIndex", () => {
  const text = "int f(int x) { return f2(x) + f(x) + 2x + _f; } /* f */ char *s = \"f\"; f_f f";

  it("finds what wordsAmong finds, in the same order", () => {
    const index = new WordIndex(text);
    for (const names of [["f"], ["f", "x"], ["f2", "_f", "f_f"], ["int", "return", "s"], ["2x"], ["nowhere"], ["f(x"], [""]]) {
      const set = new Set(names);
      expect(index.among(set)).toEqual(wordsAmong(text, set));
    }
  });

  it("finds a whole word only, and each occurrence once", () => {
    const found = new WordIndex(text).among(new Set(["f"]));
    expect(found.map((w) => w.index)).toEqual([...text.matchAll(/\bf\b/g)].map((m) => m.index));
    expect(found.length).toBe(5);
  });

  it("finds a name that starts with a digit as wordsAmong does, and nothing for a name with other characters", () => {
    const index = new WordIndex("a 2x b 22x 2x");
    expect(index.among(new Set(["2x"]))).toEqual([{ word: "2x", index: 2 }, { word: "2x", index: 11 }]);
    expect(index.among(new Set(["a 2x"]))).toEqual([]);
  });

  it("tells apart words of the same hash, and a name that runs on past a word", () => {
    // "Aa" and "BB" have the same character hash (65 * 31 + 97 = 66 * 31 + 66) and length.
    const text = "Aa BB Aa a.b BBx";
    const index = new WordIndex(text);
    for (const names of [["BB"], ["Aa"], ["Aa", "BB"], ["a.b"], ["BBx"], ["B"]]) {
      const set = new Set(names);
      expect(index.among(set)).toEqual(wordsAmong(text, set));
    }
    expect(index.among(new Set(["BB"]))).toEqual([{ word: "BB", index: 3 }]);
    expect(index.among(new Set(["a.b"]))).toEqual([]);
  });
});
