// The one dataflow solver: runs a lattice's transfer functions over a function's flow, loops and labels to a fixed point.
import type { Node } from "../../core/syntax-tree.js";
import type { Flow } from "./graph.js";

/** The states an analysis tracks: `join` must be monotone, and chains must be finite. */
export interface Lattice<S> {
  /** No path reaches here. */
  bottom: S;
  join(a: S, b: S): S;
  equals(a: S, b: S): boolean;
}

/** What an analysis does at each point of the flow; every hook is optional and returns the new state. */
export interface Transfer<S> {
  /** A call, an assignment, an initialised declarator or ++/--, after its operands. */
  event?(node: Node, before: S): S;
  /** Entering the arm of a branch (or a loop's body or exit) where `condition` is `truth`. */
  assume?(condition: Node, truth: boolean, before: S): S;
  /**
   * A jump, after its value (a return's expression) was evaluated: return, goto, break, continue,
   * or a call that ends the process. Called again as fixed points grow, each time with a larger state.
   */
  jump?(jump: Extract<Flow, { kind: "jump" }>, before: S): void;
}

/**
 * The state where a function's flow ends (falling off its end, or returning), from the state at
 * its entry. The walk follows C's evaluation order; a loop runs until its head stops growing, and
 * the whole body runs again while a goto adds states to a label it already passed.
 */
export function solveFunction<S>(body: Flow, entry: S, lattice: Lattice<S>, transfer: Transfer<S>): S {
  return new Solver(lattice, transfer).runFunction(body, entry);
}

class Solver<S> {
  private readonly breaks: S[] = [];
  private readonly continues: S[] = [];
  private returns: S;
  private labelsIn = new Map<string, S>();
  private gotos = new Map<string, S>();
  constructor(
    private readonly lattice: Lattice<S>,
    private readonly transfer: Transfer<S>,
  ) {
    this.returns = lattice.bottom;
  }

  runFunction(body: Flow, entry: S): S {
    const { join, equals, bottom } = this.lattice;
    for (;;) {
      this.returns = bottom;
      this.gotos = new Map();
      const out = join(this.run(body, entry), this.returns);
      let grew = false;
      for (const [label, state] of this.gotos) {
        const old = this.labelsIn.get(label) ?? bottom;
        const joined = join(old, state);
        if (!equals(joined, old)) {
          this.labelsIn.set(label, joined);
          grew = true;
        }
      }
      if (!grew) return out;
    }
  }

  private unreachable(s: S): boolean {
    return this.lattice.equals(s, this.lattice.bottom);
  }

  private assume(condition: Node | undefined, truth: boolean, s: S): S {
    if (!condition || !this.transfer.assume || this.unreachable(s)) return s;
    return this.transfer.assume(condition, truth, s);
  }

  private run(f: Flow, s: S): S {
    const { join, equals, bottom } = this.lattice;
    switch (f.kind) {
      case "seq":
        for (const item of f.items) s = this.run(item, s);
        return s;
      case "event":
        return this.unreachable(s) || !this.transfer.event ? s : this.transfer.event(f.node, s);
      case "branch":
        return join(this.run(f.arms[0], this.assume(f.condition, true, s)), this.run(f.arms[1], this.assume(f.condition, false, s)));
      case "loop": {
        let head = s;
        for (;;) {
          this.breaks.push(bottom);
          this.continues.push(bottom);
          let exit: S;
          let next: S;
          if (f.testFirst) {
            const tested = this.run(f.test, head);
            const bodyOut = this.run(f.body, this.assume(f.condition, true, tested));
            next = this.run(f.update, join(bodyOut, this.continues.pop()!));
            exit = f.infinite ? bottom : this.assume(f.condition, false, tested);
          } else {
            const bodyOut = this.run(f.body, head);
            const tested = this.run(f.test, join(bodyOut, this.continues.pop()!));
            next = f.infinite ? tested : this.assume(f.condition, true, tested);
            exit = f.infinite ? bottom : this.assume(f.condition, false, tested);
          }
          exit = join(exit, this.breaks.pop()!);
          const newHead = join(head, next);
          if (equals(newHead, head)) return exit;
          head = newHead;
        }
      }
      case "switch": {
        const h = this.run(f.head, s);
        this.breaks.push(bottom);
        let fall = bottom;
        for (const c of f.cases) fall = this.run(c, join(h, fall));
        return join(join(fall, this.breaks.pop()!), f.hasDefault ? bottom : h);
      }
      case "jump": {
        const v = this.run(f.value, s);
        if (this.unreachable(v)) return bottom;
        this.transfer.jump?.(f, v);
        const top = (stack: S[]) => {
          if (stack.length > 0) stack[stack.length - 1] = join(stack[stack.length - 1]!, v);
        };
        if (f.to === "break") top(this.breaks);
        else if (f.to === "continue") top(this.continues);
        else if (f.to === "return") this.returns = join(this.returns, v);
        else if (f.to === "goto") this.gotos.set(f.label!, join(this.gotos.get(f.label!) ?? bottom, v));
        // "exit": the process ends; the state goes nowhere.
        return bottom;
      }
      case "label":
        return this.run(f.body, join(s, this.labelsIn.get(f.label) ?? bottom));
    }
  }
}
