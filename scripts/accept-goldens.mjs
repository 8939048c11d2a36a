// Regenerates the fixture goldens (kernel.c and kernel-style.c, or diagnostics.txt for refused programs) from the current rules.
// Review the resulting `git diff` before committing: goldens change only on purpose.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { formatDiagnostic, translate } from "../dist/index.js";

const fixtures = fileURLToPath(new URL("../tests/fixtures", import.meta.url));
for (const name of readdirSync(fixtures).sort()) {
  const dir = join(fixtures, name);
  const source = readFileSync(join(dir, "user.c"), "utf8");
  const result = await translate(source, { name: name.replace(/-/g, "_"), fileName: "user.c" });
  // A refused program has diagnostics.txt alone; a ported one kernel.c, and diagnostics.txt when it was warned about.
  const printed = result.diagnostics.map((d) => formatDiagnostic(d, "user.c", source)).join("\n") + "\n";
  if (result.ok) writeFileSync(join(dir, "kernel.c"), result.module);
  else rmSync(join(dir, "kernel.c"), { force: true });
  // The same program in the kernel's coding style (--style kernel), which the lint tests check.
  const styled = result.ok ? await translate(source, { name: name.replace(/-/g, "_"), fileName: "user.c", style: "kernel" }) : undefined;
  if (styled?.ok) writeFileSync(join(dir, "kernel-style.c"), styled.module);
  else rmSync(join(dir, "kernel-style.c"), { force: true });
  if (result.diagnostics.length > 0) writeFileSync(join(dir, "diagnostics.txt"), printed);
  else rmSync(join(dir, "diagnostics.txt"), { force: true });
  console.log(`${result.ok ? "kernel.c" : "refused "}${result.diagnostics.length > 0 ? " + diagnostics.txt" : "                 "}  ${name}`);
}

// Programs of several files: tests/fixtures-multi/<case>/program/ (or a compile_commands.json)
// ports to kernel/ (every ported file and the Makefile) and, in the kernel style, kernel-style/.
const { translateProgram } = await import("../dist/index.js");
const { readProgramInput } = await import("../dist/cli/program-input.js");
const multi = fileURLToPath(new URL("../tests/fixtures-multi", import.meta.url));
for (const name of readdirSync(multi).sort()) {
  const dir = join(multi, name);
  const input = existsSync(join(dir, "compile_commands.json")) ? readProgramInput([], join(dir, "compile_commands.json")) : readProgramInput([join(dir, "program")], undefined);
  const moduleName = existsSync(join(dir, "module-name")) ? readFileSync(join(dir, "module-name"), "utf8").trim() : name.replace(/-/g, "_");
  for (const [style, out] of [["minimal", "kernel"], ["kernel", "kernel-style"]]) {
    const result = await translateProgram(input.files, { name: moduleName, includeDirs: input.includeDirs, defines: input.defines, style });
    rmSync(join(dir, out), { recursive: true, force: true });
    if (!result.ok) {
      console.log(`refused   ${name} (${style}): ${result.diagnostics.map((d) => `${d.file ?? ""}:${d.range?.line ?? ""} ${d.code} ${d.message}`).join("; ")}`);
      continue;
    }
    for (const f of result.files) {
      mkdirSync(dirname(join(dir, out, f.path)), { recursive: true });
      writeFileSync(join(dir, out, f.path), f.text);
    }
    writeFileSync(join(dir, out, "Makefile"), result.makefile);
    console.log(`${out.padEnd(13)} ${name}: ${result.files.map((f) => f.path).join(" ")}`);
  }
}
