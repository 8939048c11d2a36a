import { describe, expect, it } from "vitest";
import { postOrder } from "../../src/analysis/post-order.js";

/** The order postOrder leaves the nodes of `graph` in, from `start`. */
function leaves(graph: Record<string, string[]>, start: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  postOrder(
    start,
    (n) => graph[n] ?? [],
    (n) => !seen.has(n) && (seen.add(n), true),
    (n) => out.push(n),
  );
  return out;
}

describe("postOrder", () => {
  it("leaves each node after the nodes it leads to, in their order, each once, a cycle's back edge aside", () => {
    expect(leaves({ a: ["b", "c"], b: ["d"], c: ["d", "a"], d: [] }, "a")).toEqual(["d", "b", "c", "a"]);
  });
  it("enters nothing that enter() turns away, the start included", () => {
    expect(leaves({ a: ["b"] }, "a")).toEqual(["b", "a"]);
    const out: string[] = [];
    postOrder("a", () => ["b"], () => false, (n) => out.push(n));
    expect(out).toEqual([]);
  });
  it("walks a chain a million nodes deep without JavaScript's stack", () => {
    let left = 0;
    let last = -1;
    postOrder(
      0,
      (n) => (n < 1_000_000 ? [n + 1] : []),
      () => true,
      (n) => {
        left++;
        last = n;
      },
    );
    expect(left).toBe(1_000_001);
    expect(last).toBe(0);
  });
});
