// What a function leaves in the structures its pointer parameters point at, and how a caller's exits free it.
import { describe, expect, it } from "vitest";
import { planFlowExits } from "../../src/analysis/exits.js";
import { buildFlowGraphs } from "../../src/analysis/flow/graph.js";
import { memberEffects } from "../../src/analysis/member-effects.js";
import { FREED, HELD, UNSET } from "../../src/analysis/ownership.js";
import { analyzeProgram } from "../../src/analysis/program.js";
import { analyzeResources } from "../../src/analysis/resources.js";
import { loadC } from "../../src/index.js";

const HELPERS = `#include <stdlib.h>
struct vec { int *items; char *name; int n; };
struct pair { struct vec left, right; };
static void vec_init(struct vec *v, int n)
{
	v->items = malloc(n * sizeof(int));
	if (!v->items)
		exit(1);
	v->n = n;
}
static void vec_free(struct vec *v) { free(v->items); }
static void pair_init(struct pair *p) { vec_init(&p->left, 1); vec_init(&p->right, 2); }
static void maybe(struct vec *v, int n) { if (n) v->items = malloc(4); }
static void keep(struct vec *v, int *block) { v->items = block; }
static void setup(struct vec *v) { vec_init(v, 4); }
static void local_only(int n) { struct vec *w = malloc(sizeof(*w)); if (w) { w->n = n; free(w); } }
`;

async function analyze(source: string) {
  const language = await loadC();
  const tree = language.parse(source);
  const program = analyzeProgram(tree, source);
  const graphs = buildFlowGraphs(program);
  const model = analyzeResources(program);
  return { program, graphs, model, done: () => tree.delete() };
}

const effectsOf = (effects: ReturnType<typeof memberEffects>, name: string) =>
  Object.fromEntries([...(effects.get(name) ?? new Map())].map(([i, members]) => [i, Object.fromEntries([...members].map(([m, e]) => [m, e]))]));

describe("member effects", () => {
  it("says which members a function fills or frees through its pointer parameters, through another function too", async () => {
    const { program, graphs, model, done } = await analyze(`${HELPERS}int main(void) { return 0; }\n`);
    const effects = memberEffects(program, graphs, model);
    expect(effectsOf(effects, "vec_init")).toEqual({ 0: { "->items": { bits: HELD, releaser: "free" } } });
    expect(effectsOf(effects, "vec_free")).toEqual({ 0: { "->items": { bits: FREED, releaser: undefined } } });
    expect(effectsOf(effects, "pair_init")).toEqual({ 0: { "->left.items": { bits: HELD, releaser: "free" }, "->right.items": { bits: HELD, releaser: "free" } } });
    // Filled on some paths only, or with memory the caller gave: nothing a caller can free by name.
    expect(effectsOf(effects, "maybe")).toEqual({ 0: { "->items": { bits: HELD | UNSET, releaser: undefined } } });
    expect(effectsOf(effects, "keep")).toEqual({});
    // A function that passes its parameter on, without writing '->' itself, takes the callee's effects.
    expect(effectsOf(effects, "setup")).toEqual({ 0: { "->items": { bits: HELD, releaser: "free" } } });
    // '->' after a local, not a parameter: nothing to leave in a caller's structure.
    expect(effectsOf(effects, "local_only")).toEqual({});
    done();
  });

  it("frees at main's exits what a helper left in a.items and p->items, newest first, and nothing it already freed", async () => {
    const { program, graphs, model, done } = await analyze(`${HELPERS}int main(void)
{
	struct vec a;
	struct vec *p = malloc(sizeof(*p));
	if (!p)
		return 1;
	vec_init(&a, 3);
	vec_init(p, 2);
	char *s = malloc(8);
	if (!s)
		return 2;
	vec_free(&a);
	if (s[0])
		return 3;
	free(s);
	vec_free(p);
	free(p);
	return 0;
}
`);
    const plan = planFlowExits(program, program.main!, graphs, model);
    expect(plan.problems).toEqual([]);
    expect(plan.tracked).toBe(false);
    expect(plan.exits.map((e) => `${e.statement.text}: ${e.release.map((r) => `${r.releaser}(${r.path})`).join(" ")}`)).toEqual([
      "return 1;: ",
      "return 2;: free(p->items) free(a.items) free(p)",
      "return 3;: free(s) free(p->items) free(p)",
      "return 0;: ",
    ]);
    done();
  });

  it("follows a recursive function's children two members deep, and past that says only that memory it cannot name is held", async () => {
    const { program, graphs, model, done } = await analyze(`#include <stdlib.h>
struct node { int key; struct node *lo, *eq, *hi; };
static void insert(struct node **p, int key)
{
	if (!*p) {
		*p = malloc(sizeof(**p));
		if (!*p)
			exit(1);
		(*p)->key = key;
		(*p)->lo = (*p)->eq = (*p)->hi = NULL;
		return;
	}
	if (key < (*p)->key)
		insert(&(*p)->lo, key);
	else if (key > (*p)->key)
		insert(&(*p)->hi, key);
}
static void grow(struct node *t, int key)
{
	if (key < t->key) {
		if (!t->lo) { t->lo = malloc(sizeof(*t)); if (t->lo) { t->lo->key = key; t->lo->lo = t->lo->eq = t->lo->hi = NULL; } }
		else grow(t->lo, key);
	} else {
		if (!t->hi) { t->hi = malloc(sizeof(*t)); if (t->hi) { t->hi->key = key; t->hi->lo = t->hi->eq = t->hi->hi = NULL; } }
		else grow(t->hi, key);
	}
}
int main(void) { return 0; }
`);
    const effects = effectsOf(memberEffects(program, graphs, model), "grow")[0] ?? {};
    // Each round of the fixed point would add a level (->lo->lo->lo->hi …): at most two levels are named.
    const members = Object.keys(effects);
    expect(members.length).toBeLessThanOrEqual(6);
    for (const m of members) expect(m.split("->").length - 1).toBeLessThanOrEqual(2);
    expect(effects["->lo->lo"]).toEqual({ bits: HELD | UNSET, releaser: undefined });
    done();
  });
});
