// Copies src/verify/guest/ (the C kernelize compiles for the guest and beside the program) to dist/verify/guest/, where the built code reads it.
import { cpSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
cpSync(join(root, "src/verify/guest"), join(root, "dist/verify/guest"), { recursive: true });
