// The function definition around a node, found from the top of the tree down: each Node.parent step of web-tree-sitter searches from the root again, whose children are as many as the program's definitions.
import type { Node } from "web-tree-sitter";
import type { ProgramFacts } from "./program.js";

/** Each parse's top-level nodes, in order: read once for every question. */
const topLevel = new WeakMap<ProgramFacts, Node[]>();

/**
 * The nearest function_definition that holds `node`, what a walk up its parents finds first: the
 * top-level node that holds it (a search among the top level by offset), then the children that
 * hold it down to the node, a few small steps where each parent is a search from the root.
 */
export function enclosingDefinition(program: ProgramFacts, node: Node): Node | undefined {
  let nodes = topLevel.get(program);
  if (!nodes) {
    nodes = program.root.children.filter((c): c is Node => c !== null);
    topLevel.set(program, nodes);
  }
  // The last top-level node that starts at or before the node.
  let lo = 0;
  let hi = nodes.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (nodes[mid]!.startIndex <= node.startIndex) lo = mid + 1;
    else hi = mid;
  }
  const top = nodes[lo - 1];
  if (top && top.endIndex >= node.endIndex) {
    let nearest: Node | undefined;
    let n: Node | null = top;
    while (n && n.id !== node.id) {
      if (n.type === "function_definition") nearest = n;
      n = n.childWithDescendant(node);
    }
    if (n) return nearest;
  }
  // Not below the node found by offset (empty nodes at one offset): the walk up the parents.
  for (let p: Node | null = node.parent; p; p = p.parent) if (p.type === "function_definition") return p;
  return undefined;
}

/** The name of the function definition a node sits in: enclosingFunctionName() (flow/graph.ts), found from the top down. */
export function enclosingDefinitionName(program: ProgramFacts, node: Node): string | undefined {
  const definition = enclosingDefinition(program, node);
  return definition && /([A-Za-z_]\w*)\s*\(/.exec(definition.childForFieldName("declarator")?.text ?? "")?.[1];
}
