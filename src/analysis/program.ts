// Facts about a whole translation unit: its functions, includes, calls, and whether it is already a module.
import type { Node, Tree } from "web-tree-sitter";
import { calleeName, declaratorName, descendants, functionDeclarator, namedChildren } from "../core/syntax.js";

export interface FunctionFacts {
  name: string;
  /** The function_definition node. */
  node: Node;
  /** The identifier naming the function. */
  nameNode: Node;
  body: Node;
  parameters: Node;
  /** Parameter names in order; empty for `(void)`. */
  parameterNames: string[];
  /** True when the declared return type is a pointer (`T *f(...)`). */
  returnsPointer: boolean;
  /** The declared return type's text, qualifiers and storage class left out. */
  returnType: string;
  isStatic: boolean;
}

export interface IncludeFacts {
  node: Node;
  /** Header path without delimiters: `stdio.h`, `linux/slab.h`. */
  path: string;
  /** `<…>` rather than `"…"`. */
  system: boolean;
}

export interface CallFacts {
  name: string;
  call: Node;
  callee: Node;
}

export interface ProgramFacts {
  root: Node;
  functions: Map<string, FunctionFacts>;
  /** Functions declared anywhere in the file (definitions and prototypes). */
  declaredFunctions: Set<string>;
  main: FunctionFacts | undefined;
  includes: IncludeFacts[];
  calls: CallFacts[];
  /** The file already is a kernel module (it registers an init function). */
  isModule: boolean;
  /** Last top-level node that is not a comment, for appending after it. */
  lastTopLevel: Node | undefined;
}

export function analyzeProgram(tree: Tree): ProgramFacts {
  const root = tree.rootNode;
  const functions = new Map<string, FunctionFacts>();
  const declaredFunctions = new Set<string>();
  const includes: IncludeFacts[] = [];
  let isModule = false;
  let lastTopLevel: Node | undefined;

  for (const node of namedChildren(root)) {
    if (node.type !== "comment") lastTopLevel = node;
    if (node.type === "function_definition") {
      const facts = functionFacts(node);
      if (facts) {
        functions.set(facts.name, facts);
        declaredFunctions.add(facts.name);
      }
    } else if (node.type === "declaration") {
      for (const fd of descendants(node, "function_declarator")) {
        const name = declaratorName(fd);
        if (name) declaredFunctions.add(name.text);
      }
    } else if (node.type === "preproc_include") {
      const path = node.childForFieldName("path");
      if (path) {
        includes.push({
          node,
          path: path.text.slice(1, -1),
          system: path.type === "system_lib_string",
        });
      }
    } else if (node.type === "expression_statement") {
      const call = node.namedChild(0);
      if (call?.type === "call_expression" && calleeName(call) === "module_init") isModule = true;
    }
  }

  const calls: CallFacts[] = [];
  for (const call of descendants(root, "call_expression")) {
    const callee = call.childForFieldName("function");
    if (callee?.type === "identifier") calls.push({ name: callee.text, call, callee });
  }

  return {
    root,
    functions,
    declaredFunctions,
    main: functions.get("main"),
    includes,
    calls,
    isModule: isModule || includes.some((i) => i.system && i.path === "linux/module.h"),
    lastTopLevel,
  };
}

function functionFacts(node: Node): FunctionFacts | undefined {
  const fd = functionDeclarator(node);
  const nameNode = fd ? declaratorName(fd) : null;
  const body = node.childForFieldName("body");
  const parameters = fd?.childForFieldName("parameters");
  if (!fd || !nameNode || !body || !parameters) return undefined;
  const parameterNames: string[] = [];
  for (const p of namedChildren(parameters)) {
    if (p.type !== "parameter_declaration") continue;
    const name = declaratorName(p.childForFieldName("declarator"));
    if (name) parameterNames.push(name.text);
  }
  const declarator = node.childForFieldName("declarator");
  return {
    name: nameNode.text,
    node,
    nameNode,
    body,
    parameters,
    parameterNames,
    returnsPointer: declarator?.type === "pointer_declarator",
    returnType: node.childForFieldName("type")?.text ?? "int",
    isStatic: namedChildren(node).some((c) => c.type === "storage_class_specifier" && c.text === "static"),
  };
}
