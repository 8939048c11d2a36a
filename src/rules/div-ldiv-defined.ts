// div(), ldiv() and lldiv() with their div_t, ldiv_t and lldiv_t are defined in the module: the kernel has none of them.
import type { Node } from "../core/syntax-tree.js";
import { defineRule } from "../core/rule.js";
import { defineWhereUsed, type LibraryDefinition, programDefinesType } from "./library-definitions.js";
import { codeTokens } from "./tokens.js";

const FAMILY = [
  ["div", "div_t", "int"],
  ["ldiv", "ldiv_t", "long"],
  ["lldiv", "lldiv_t", "long long"],
] as const;

/** The definitions: with the C library's typedef, or (kernel style, where checkpatch forbids new typedefs) a struct of that tag. */
const definitions = (typedef: boolean): LibraryDefinition[] =>
  FAMILY.map(([fn, type, t]) => {
    const name = typedef ? type : `struct ${type}`;
    const head = typedef ? "typedef struct {" : `struct ${type} {`;
    return {
      functions: [fn],
      types: [type],
      text: `${head}\n\t${t} quot;\n\t${t} rem;\n}${typedef ? ` ${type}` : ""};\n\nstatic inline ${name} ${fn}(${t} numer, ${t} denom)\n{\n\treturn (${name}){ .quot = numer / denom, .rem = numer % denom };\n}\n`,
    };
  });
const WITH_TYPEDEFS = definitions(true);
const WITH_STRUCTS = definitions(false);

export default defineRule({
  id: "div-ldiv-defined",
  summary: "div(), ldiv() and lldiv() and their result types are defined in the module",
  explanation: [
    "<stdlib.h>'s div() returns the quotient and the remainder of a division together, in a div_t (ldiv() and lldiv() do the same for long and long long).",
    "The kernel has no such function, but C's own / and % compute both with the same rounding toward zero the C library uses, so the port defines the type and a static inline function of four lines above the first code that uses them, and every call and every div_t stays as the program wrote it.",
    "Dividing by zero is as undefined as in the C library, and in the kernel it is an oops: check the divisor first where it can be zero.",
    "In the kernel style the type is a struct of the same tag (struct div_t) and each div_t the program writes says struct div_t: the kernel's coding style, and checkpatch, ask for no new typedefs, and a struct tag keeps the library's name the program knows.",
  ].join(" "),
  docs: ["https://en.cppreference.com/w/c/numeric/math/div"],
  headers: [],
  safety: "safe",
  handles: ["div", "ldiv", "lldiv"],
  run(ctx) {
    const { program, source, target } = ctx.facts;
    const kernelStyle = target.style === "kernel";
    if (!defineWhereUsed(ctx, kernelStyle ? WITH_STRUCTS : WITH_TYPEDEFS)) return;
    ctx.use();
    if (!kernelStyle) return;
    // Each div_t the program names as a type becomes struct div_t (a tag already says struct).
    for (const [, type] of FAMILY) {
      if (programDefinesType(program.macros, source, type)) continue;
      for (const t of codeTokens(program.root, source, new RegExp(`\\b${type}\\b`, "g"))) {
        if (namesTheType(t.node) && program.isCompiled(t.start)) ctx.replace(t.node, `struct ${type}`);
      }
    }
  },
});

/** Whether a div_t token names the type: a type name (not a struct's tag), or sizeof(div_t), which the grammar reads as an expression. */
function namesTheType(node: Node): boolean {
  if (node.type === "type_identifier") return node.parent?.type !== "struct_specifier";
  const up = node.parent?.type === "parenthesized_expression" ? node.parent.parent : node.parent;
  return node.type === "identifier" && up?.type === "sizeof_expression";
}
