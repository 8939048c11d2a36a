// Writes tests/corpus/working.txt, the corpus programs that work, from the last full `npm run bench:corpus` (bench/corpus-results.json).
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const RESULTS = join(root, "bench/corpus-results.json");
const GOLDEN = join(root, "tests/corpus/working.txt");

if (!existsSync(RESULTS)) {
  console.error("accept-corpus: no bench/corpus-results.json; run `npm run bench:corpus` first");
  process.exit(1);
}
const results = JSON.parse(readFileSync(RESULTS, "utf8"));
if (results.settings?.quick !== null || results.style !== "minimal") {
  console.error("accept-corpus: bench/corpus-results.json is not a full run in the minimal style; run `npm run bench:corpus`");
  process.exit(1);
}
const working = results.rows.filter((r) => r.status === "works").map((r) => r.id).sort();
const before = existsSync(GOLDEN) ? readFileSync(GOLDEN, "utf8").split("\n").filter((l) => l && !l.startsWith("#")) : [];
const header = [
  "# Corpus programs that work (ported, built without a warning, every checked scenario matching the recorded",
  `# run, nothing leaked), from bench/corpus-results.json of ${results.date} (${results.commit ?? "?"}).`,
  "# Written by `npm run goldens:accept`; tests/corpus/working.test.ts fails when one stops working.",
];
writeFileSync(GOLDEN, `${[...header, ...working].join("\n")}\n`);
const gained = working.filter((id) => !before.includes(id));
const lost = before.filter((id) => !working.includes(id));
console.log(`accept-corpus: ${working.length} working programs (${gained.length} new${lost.length ? `, ${lost.length} no longer working: ${lost.join(", ")}` : ""})`);
