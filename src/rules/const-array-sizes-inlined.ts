// `const size_t N = 100; int a[N];` becomes `int a[100];`: to C that array is variable-length, and the kernel builds with -Wvla.
import { arraysSizedByConstLocals } from "../analysis/const-locals.js";
import { defineRule } from "../core/rule.js";

export default defineRule({
  id: "const-array-sizes-inlined",
  summary: "an array sized by a const local with a constant value gets that value as its size",
  explanation: [
    "In C a const variable is not a constant expression, so `const size_t N = 100; int numbers[N];` declares a variable-length array, even though its size can never change.",
    "The kernel builds with -Wvla and allows no variable-length array on its small stack, so the port writes the variable's constant value in the array's size: the array, its size and sizeof of it are exactly what they were, and N stays for the rest of the function.",
  ].join(" "),
  docs: ["https://gcc.gnu.org/onlinedocs/gcc/Warning-Options.html#index-Wvla", "https://docs.kernel.org/process/deprecated.html#variable-length-arrays-vlas"],
  headers: [],
  safety: "safe",
  run(ctx) {
    const { program } = ctx.facts;
    const enumerators = new Set([...program.source.matchAll(/\benum\b[^{;]*\{([^}]*)\}/g)].flatMap((m) => m[1]!.split(",").map((e) => e.split("=")[0]!.trim())));
    const isConstant = (id: string) => id === "sizeof" || id === "struct" || program.macros.has(id) || enumerators.has(id);
    for (const { size, text } of arraysSizedByConstLocals(program, isConstant)) ctx.replace(size, text);
  },
});
