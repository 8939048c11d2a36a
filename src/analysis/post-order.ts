// A depth-first walk that leaves each node after what it leads to, with a stack of its own: call graphs of generated code are tens of thousands of calls deep, past what JavaScript's own stack holds.

/**
 * Visits `start` and the nodes it leads to through `next`, depth first: `enter` says whether a
 * node is to be visited (and marks it, so that it is not entered twice), `leave` is called once
 * everything it leads to that was entered has been left (post-order). `next` is asked when a
 * node is entered, and its nodes are taken in their order.
 */
export function postOrder<T>(start: T, next: (node: T) => Iterable<T>, enter: (node: T) => boolean, leave: (node: T) => void): void {
  if (!enter(start)) return;
  const walk: Array<{ node: T; rest: Iterator<T> }> = [{ node: start, rest: next(start)[Symbol.iterator]() }];
  while (walk.length > 0) {
    const top = walk[walk.length - 1]!;
    const step = top.rest.next();
    if (!step.done) {
      if (enter(step.value)) walk.push({ node: step.value, rest: next(step.value)[Symbol.iterator]() });
      continue;
    }
    walk.pop();
    leave(top.node);
  }
}
