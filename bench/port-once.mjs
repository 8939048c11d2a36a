// Cold-start stand-in for `kernelize port` while dist/cli/main.js does not exist: one fresh process, one port, files written.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { translate } from "../dist/index.js";

const [file, outDir, name = "kernel_code"] = process.argv.slice(2);
if (!file || !outDir) {
  process.stderr.write("usage: node bench/port-once.mjs FILE.c OUTDIR [NAME]\n");
  process.exit(2);
}

const source = await readFile(file, "utf8");
const result = await translate(source, { name, fileName: file });
if (!result.ok) {
  for (const d of result.diagnostics) process.stderr.write(`${file}: ${d.severity}[${d.code}]: ${d.message}\n`);
  process.exit(2);
}
// Writing the outputs keeps the work comparable to what the CLI does.
await mkdir(outDir, { recursive: true });
await writeFile(join(outDir, `${name}.c`), result.module);
await writeFile(join(outDir, "Makefile"), result.makefile);
