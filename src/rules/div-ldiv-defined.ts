// div(), ldiv() and lldiv() with their div_t, ldiv_t and lldiv_t are defined in the module: the kernel has none of them.
import { defineRule } from "../core/rule.js";
import { defineWhereUsed, type LibraryDefinition } from "./library-definitions.js";

const DEFINITIONS: LibraryDefinition[] = [
  ["div", "div_t", "int"],
  ["ldiv", "ldiv_t", "long"],
  ["lldiv", "lldiv_t", "long long"],
].map(([fn, type, t]) => ({
  functions: [fn!],
  types: [type!],
  text: `typedef struct {\n\t${t} quot;\n\t${t} rem;\n} ${type};\n\nstatic inline ${type} ${fn}(${t} numer, ${t} denom)\n{\n\treturn (${type}){ .quot = numer / denom, .rem = numer % denom };\n}\n`,
}));

export default defineRule({
  id: "div-ldiv-defined",
  summary: "div(), ldiv() and lldiv() and their result types are defined in the module",
  explanation: [
    "<stdlib.h>'s div() returns the quotient and the remainder of a division together, in a div_t (ldiv() and lldiv() do the same for long and long long).",
    "The kernel has no such function, but C's own / and % compute both with the same rounding toward zero the C library uses, so the port defines the type and a static inline function of four lines above the first code that uses them, and every call and every div_t stays as the program wrote it.",
    "Dividing by zero is as undefined as in the C library, and in the kernel it is an oops: check the divisor first where it can be zero.",
  ].join(" "),
  docs: ["https://en.cppreference.com/w/c/numeric/math/div"],
  headers: [],
  safety: "safe",
  handles: ["div", "ldiv", "lldiv"],
  run(ctx) {
    if (defineWhereUsed(ctx, DEFINITIONS)) ctx.use();
  },
});
