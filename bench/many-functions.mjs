// `npm run bench:functions`: one program of 20,000 small functions (about 1 MB), ported in-process; the target is under 2 s.
//
//   node bench/many-functions.mjs [--functions 20000] [--runs 5] [--write FILE.c]
//
// The functions come in five shapes (arithmetic, a printf, an allocation returned to the caller,
// a string copy freed on its error path, a loop), each calling the one before it in runs of 50, and
// main() calls the head of each run, so every function is used and the call graph spans the file.
// It prints the median and min of `translate()` after a warm-up, beside the grammar's parse of the
// same text, with two smaller sizes to show how time grows (linear growth keeps the ratio to the
// parse flat). Exits 1 when the port refuses the program (the timing would not measure a port).
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { loadC, translate } from "../dist/index.js";

const { values } = parseArgs({ options: { functions: { type: "string", default: "20000" }, runs: { type: "string", default: "5" }, write: { type: "string" } } });
const target = Number(values.functions);
const runs = Number(values.runs);
const LIMIT_MS = 2000;
const RUN = 50;

export function manyFunctions(count) {
  const parts = ["#include <stdio.h>\n#include <stdlib.h>\n#include <string.h>\n\nstatic int total;\n"];
  const heads = [];
  let made = 0;
  for (let i = 0; made < count; i++) {
    made += i % 5 === 2 ? 2 : 1;
    if (i % RUN === RUN - 1 || made >= count) heads.push(i);
    const previous = i % RUN === 0 ? "" : `\tf${i - 1}(n + 1);\n`;
    switch (i % 5) {
      case 0:
        parts.push(`\nstatic int f${i}(int n)\n{\n${previous}\ttotal += n * ${i % 97};\n\treturn total;\n}\n`);
        break;
      case 1:
        parts.push(`\nstatic int f${i}(int n)\n{\n${previous}\tprintf("f${i} %d\\n", n);\n\treturn 0;\n}\n`);
        break;
      case 2:
        parts.push(`\nstatic int *g${i}(int n)\n{\n\tint *p = malloc(sizeof(*p));\n\n\tif (!p)\n\t\treturn NULL;\n\t*p = n;\n\treturn p;\n}\n\nstatic int f${i}(int n)\n{\n\tint *p;\n\n${previous}\tp = g${i}(n);\n\tif (!p)\n\t\treturn -1;\n\ttotal += *p;\n\tfree(p);\n\treturn 0;\n}\n`);
        break;
      case 3:
        parts.push(`\nstatic int f${i}(int n)\n{\n\tchar *s;\n\n${previous}\ts = strdup("f${i}");\n\tif (!s)\n\t\treturn -1;\n\ttotal += (int)strlen(s) + n;\n\tfree(s);\n\treturn 0;\n}\n`);
        break;
      default:
        parts.push(`\nstatic int f${i}(int n)\n{\n\tint i;\n\n${previous}\tfor (i = 0; i < n % 7; i++)\n\t\ttotal += i;\n\treturn total;\n}\n`);
    }
  }
  const calls = heads.map((i) => `\tf${i}(1);\n`).join("");
  parts.push(`\nint main(void)\n{\n${calls}\tprintf("total %d\\n", total);\n\treturn 0;\n}\n`);
  return parts.join("");
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function measure(count) {
  const source = manyFunctions(count);
  const language = await loadC();
  const first = await translate(source, { name: "many" });
  if (!first.ok) {
    process.stderr.write(`the port refused the ${count}-function program: ${first.diagnostics.filter((d) => d.severity === "error").map((d) => d.message).slice(0, 3).join("; ")}\n`);
    process.exit(1);
  }
  const port = [];
  const parse = [];
  for (let r = 0; r < runs; r++) {
    let t = performance.now();
    language.parse(source).delete();
    parse.push(performance.now() - t);
    t = performance.now();
    await translate(source, { name: "many" });
    port.push(performance.now() - t);
  }
  const functions = (source.match(/^static \w+ \*?[fg]\d+\(/gm) ?? []).length;
  return { count, functions, bytes: Buffer.byteLength(source), portMedianMs: median(port), portMinMs: Math.min(...port), parseMedianMs: median(parse), samples: port };
}

if (values.write) {
  writeFileSync(values.write, manyFunctions(target));
  process.exit(0);
}
const rows = [];
for (const count of [target / 4, target / 2, target]) rows.push(await measure(Math.round(count)));
const r = (n) => n.toFixed(0);
process.stdout.write(
  [
    "| functions | bytes | port median ms | port min ms | parse median ms | port / parse |",
    "|---|---|---|---|---|---|",
    ...rows.map((x) => `| ${x.functions} | ${x.bytes} | ${r(x.portMedianMs)} | ${r(x.portMinMs)} | ${r(x.parseMedianMs)} | ${(x.portMedianMs / x.parseMedianMs).toFixed(1)} |`),
    "",
    `${rows.at(-1).functions} functions: median ${r(rows.at(-1).portMedianMs)} ms, ${rows.at(-1).portMedianMs < LIMIT_MS ? "under" : "OVER"} the ${LIMIT_MS} ms target`,
    "",
  ].join("\n"),
);
