// Tests that need real parts (kernel headers, QEMU, a kernel image): skipped on a machine without them, failed under CI=true.
import { it } from "vitest";
import { doctor } from "../../src/verify/doctor.js";
import type { PartId } from "../../src/verify/parts.js";

/** What this machine has, checked once per test file. */
export const partsReport = await doctor();

export function missingParts(ids: readonly PartId[]): string[] {
  return partsReport.parts.filter((p) => ids.includes(p.id) && !p.found).map((p) => `${p.label} (${p.package})`);
}

type TestBody = () => unknown | Promise<unknown>;

/**
 * `it`, when every part is here. Otherwise CI must not pass silently (its setup installs them), so
 * under CI=true the test runs and fails naming what is missing; elsewhere it is skipped.
 */
export function itNeeds(ids: readonly PartId[]): (name: string, body: TestBody, timeoutMs?: number) => void {
  const missing = missingParts(ids);
  if (missing.length === 0) return (name, body, timeoutMs) => it(name, body, timeoutMs);
  if (process.env.CI === "true") {
    return (name, _body, timeoutMs) =>
      it(name, () => {
        throw new Error(`missing on this CI machine: ${missing.join(", ")} (see kernelize doctor)`);
      }, timeoutMs);
  }
  return (name) => it.skip(`${name} (needs ${missing.join(", ")})`, () => {});
}

/** The parts a Kbuild build needs, those a QEMU run needs on top, and those lint needs on top of a build. */
export const buildParts: PartId[] = ["gcc", "make", "kernel-headers"];
export const runParts: PartId[] = [...buildParts, "libc-static", "kernel-image", "qemu", "cpio"];
export const lintParts: PartId[] = [...buildParts, "perl", "checkpatch", "sparse"];
