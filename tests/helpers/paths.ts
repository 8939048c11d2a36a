// Where the tests find the seed (beside the checkout, in ../shared) and the built command.
import { fileURLToPath } from "node:url";
import { resolve } from "node:path";

export const repoRoot = resolve(fileURLToPath(new URL("../..", import.meta.url)));
export const seedDir = resolve(repoRoot, "..", "shared", "seed");
export const cliPath = resolve(repoRoot, "dist", "cli", "kernelize.mjs");
