// The C kernelize compiles for the guest and beside the program is real C in src/verify/guest/: it compiles without a warning, and the code reads the same files.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect } from "vitest";
import { faultHeader, FAULT_PREFIX, faultSource } from "../../src/verify/fault.js";
import { initSource } from "../../src/verify/initramfs.js";
import { wrapSource } from "../../src/verify/userspace.js";
import { itNeeds } from "../helpers/parts.js";
import { repoRoot } from "../helpers/paths.js";

const guest = join(repoRoot, "src", "verify", "guest");
const work = mkdtempSync(join(tmpdir(), "kz-guest-sources-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const withGcc = itNeeds(["gcc"]);
const withStaticGcc = itNeeds(["gcc", "libc-static"]);

describe("the guest sources", () => {
  withGcc("are the files the code uses", () => {
    expect(initSource()).toBe(readFileSync(join(guest, "kzinit.c"), "utf8"));
    expect(wrapSource()).toBe(readFileSync(join(guest, "kz_wrap.c"), "utf8"));
    expect(faultHeader()).toBe(readFileSync(join(guest, "kz_fault.h"), "utf8"));
    expect(faultSource()).toBe(readFileSync(join(guest, "kz_fault.c"), "utf8"));
    // Every ledger line carries the prefix check reads them by, and is of a kind parseFaultLog() knows.
    const kinds = [...faultSource().matchAll(/"KZ-FAULT: ([a-z-]+)/g)].map((m) => m[1]);
    expect(kinds.length).toBe(faultSource().split(`"${FAULT_PREFIX} `).length - 1);
    expect([...new Set(kinds)].sort()).toEqual(["alloc", "ledger-full", "live", "report"]);
  });

  withStaticGcc("the guest's init compiles static with -Wall -Wextra -Werror", () => {
    execFileSync("gcc", ["-Wall", "-Wextra", "-Werror", "-static", "-Os", "-o", join(work, "init"), join(guest, "kzinit.c")], { stdio: "pipe" });
  });

  withGcc("the program's allocation counter compiles with -Wall -Wextra -Werror", () => {
    execFileSync("gcc", ["-Wall", "-Wextra", "-Werror", "-c", "-o", join(work, "kz_wrap.o"), join(guest, "kz_wrap.c")], { stdio: "pipe" });
  });
});
