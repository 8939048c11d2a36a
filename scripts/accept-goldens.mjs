// Regenerates the fixture goldens (kernel.c, or diagnostics.txt for refused programs) from the current rules.
// Review the resulting `git diff` before committing: goldens change only on purpose.
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { formatDiagnostic, translate } from "../dist/index.js";

const fixtures = fileURLToPath(new URL("../tests/fixtures", import.meta.url));
for (const name of readdirSync(fixtures).sort()) {
  const dir = join(fixtures, name);
  const source = readFileSync(join(dir, "user.c"), "utf8");
  const result = await translate(source, { name: name.replace(/-/g, "_"), fileName: "user.c" });
  if (result.ok) {
    writeFileSync(join(dir, "kernel.c"), result.module);
    rmSync(join(dir, "diagnostics.txt"), { force: true });
  } else {
    writeFileSync(join(dir, "diagnostics.txt"), result.diagnostics.map((d) => formatDiagnostic(d, "user.c", source)).join("\n") + "\n");
    rmSync(join(dir, "kernel.c"), { force: true });
  }
  console.log(`${result.ok ? "kernel.c       " : "diagnostics.txt"}  ${name}`);
}
