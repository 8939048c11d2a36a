// Writes docs/cli.md from the command tree (npm run docs:cli); tests/cli/reference.test.ts keeps it current.
import { writeFileSync } from "node:fs";
import { buildProgram } from "../dist/cli/program.js";
import { cliReference } from "../dist/cli/reference.js";

writeFileSync(new URL("../docs/cli.md", import.meta.url), cliReference(await buildProgram()));
console.log("wrote docs/cli.md");
