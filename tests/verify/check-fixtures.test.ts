// kernelize check on every whole-program fixture that allocates and ports: each path matches, and only the known leaky program leaks.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runBatch } from "../../src/verify/batch.js";
import type { CheckResult } from "../../src/verify/check.js";
import { which } from "../../src/verify/exec.js";
import { findKernelDir } from "../../src/verify/kbuild.js";
import { itNeeds, runParts } from "../helpers/parts.js";
import { repoRoot } from "../helpers/paths.js";

const fixturesDir = join(repoRoot, "tests", "fixtures");
/**
 * Fixtures whose program allocates, whose subject is its output (out-stream-*), or whose port
 * allocates where the program does not (stack-frame-*: a frame too big for a kernel stack), and
 * whose port is not refused (those have a diagnostics.txt instead of kernel.c).
 */
/**
 * Issue 16's programs, each of which could take the kernel down: a 4 MB and a 40 MB array on the
 * stack, a variable-length array in a helper, malloc(2000000000) written at once, a hundred million
 * iterations in init, and the two the kernel style once broke (an assignment tested with && in a
 * while condition, a comment between file-scope declarations). Checked in both styles.
 */
const NEVER_DOWN = ["stack-frame-void-helper", "stack-frame-main-40mb", "alloc-vla-heap", "alloc-size-beyond-slab", "loop-hundred-million", "null-test-of-assignment", "file-scope-comments"];
/**
 * Issue 15's families whose fixture neither allocates nor is one of the above: each checked too,
 * so that every family is both built with Kbuild (tests/e2e/fixtures-kbuild) and run beside its program.
 */
const FAMILIES = [
  "flags-prototypes-fallthrough",
  "pre-removed-branches",
  "str-strtok-tokens",
  "lib-sscanf-va-list",
  "lib-div-vsnprintf-math",
  "conv-strtol-errno",
  "lib-isblank-memccpy",
  "lib-c11-headers",
  "lib-const-sized-array",
  "names-member-current",
  "options-positional",
  "options-argv-array",
  "alloc-vla-multidim",
  "exit-quick-exit-handlers",
  // Conversions of another width than their arguments (%d of a size_t): the casts print what glibc printed.
  "out-format-argument-widths",
];
const cases = readdirSync(fixturesDir)
  .sort()
  .filter((name) => existsSync(join(fixturesDir, name, "kernel.c")))
  .filter((name) => NEVER_DOWN.includes(name) || FAMILIES.includes(name) || name.startsWith("out-stream-") || name.startsWith("stack-frame-") || /\b(malloc|calloc|realloc|reallocarray|strdup|strndup)\s*\(/.test(readFileSync(join(fixturesDir, name, "user.c"), "utf8")));
/**
 * Programs that leave memory to the OS at exit: the program's own leak, which the port does not
 * inherit (it frees what the flow graph says is still held when init returns); the rows where the program leaks.
 */
const LEAKS_BY_DESIGN: Record<string, string[]> = {
  "exit-leak-warning": ["success"],
  "exit-left-to-process-exit": ["success", "fail #2"],
  // main() returns 1 while a.items (and b, b->items) hold what vec_init() allocated: the process's exit takes it back, the port frees it.
  "alloc-helper-fills-member": ["fail #2", "fail #4"],
  // main() returns 1 with strings held in array elements (labels[], lines[i]): the process's exit takes them back, the port's tracker frees them.
  "alloc-array-elements": ["fail #3", "fail #4", "fail #5", "fail #6"],
  // Helpers that never free their own buffers (a strtok() copy, a strdup()): the process's exit takes them back, the port's tracker frees them when init returns.
  "alloc-helper-leaves-memory": ["success", "fail #1"],
};

/**
 * A program the guest cannot run as the host does: 2,000,000,000 bytes succeed on the host, while
 * the 256 MB guest's kvmalloc() fails cleanly (init returns -ENOMEM, no oops, no warning); and the
 * program, not checking its malloc(), dies of SIGSEGV where the allocation is failed: its own bug
 * (BUG), where the module fails cleanly.
 */
const DIFFERS_BY_DESIGN: Record<string, string[]> = {
  "alloc-size-beyond-slab": ['success: DIFFER stdout "xxxxxxxxxxxxxxxx" but KERN_INFO (none); the program exits 0 but init returns -ENOMEM', "fail #1: BUG"],
  // Allocations kept in members, used untested: the program dies of SIGSEGV, the module's port tests each one.
  "alloc-member-unchecked": ["fail #1: BUG", "fail #2: BUG", "fail #3: BUG"],
  // A buffer read only through the program's macro, untested: the program dies of SIGSEGV, the port tests it.
  "alloc-read-through-macros": ["fail #1: BUG"],
  // The program's own allocators return NULL on failure to callers that use it untested: the program dies of SIGSEGV at each, the port tests each result.
  "alloc-helper-returns-null": Array.from({ length: 13 }, (_, i) => `fail #${i + 1}: BUG`),
  // Buffers in file-scope variables, used untested by the helpers main() calls: the program dies of SIGSEGV, the port tests each before the calls.
  "alloc-global-used-by-helpers": ["fail #1: BUG", "fail #2: BUG"],
  // Untested results in an array element's member, a conditional's arm and a structure returned by value: the program dies of SIGSEGV, the port tests each.
  "alloc-untested-shapes": Array.from({ length: 5 }, (_, i) => `fail #${i + 1}: BUG`),
};

const missingTools = (await Promise.all(["valgrind", "addr2line"].map(async (t) => ((await which(t)) ? undefined : t)))).filter(Boolean);
const needsVm = missingTools.length === 0 || process.env.CI === "true" ? itNeeds(runParts) : (name: string) => it.skip(`${name} (needs ${missingTools.join(", ")})`, () => {});

describe("kernelize check on the fixtures", () => {
  it("finds the fixtures that allocate", () => {
    expect(cases.length).toBeGreaterThanOrEqual(10);
  });

  needsVm(
    "every scenario of every allocating fixture matches; leaks only where the program itself leaks",
    async () => {
      if (missingTools.length > 0) throw new Error(`missing on this CI machine: ${missingTools.join(", ")}`);
      const kdir = await findKernelDir();
      // Every fixture in one batch: one boot, the test builds and valgrind runs two at a time.
      const report = await runBatch(
        cases.map((name) => ({ name, fileName: "user.c", moduleName: name.replace(/-/g, "_"), text: readFileSync(join(fixturesDir, name, "user.c"), "utf8") })),
        { mode: "check", kdir, jobs: 2 },
      );
      const results = new Map<string, CheckResult>();
      for (const row of report.rows) {
        if (!row.check) throw new Error(`${row.name}: ${row.status}: ${row.why ?? ""}`);
        results.set(row.name, row.check);
      }
      const summary = Object.fromEntries(cases.map((name) => [name, results.get(name)!.rows.filter((r) => r.verdict !== "MATCH").map((r) => `${r.name}: ${r.verdict} ${r.differences.join("; ")}`.trim())]));
      const expected = Object.fromEntries(cases.map((name) => [name, DIFFERS_BY_DESIGN[name] ?? (LEAKS_BY_DESIGN[name] ?? []).map((row) => `${row}: LEAK`)]));
      expect(summary).toEqual(expected);
      for (const name of Object.keys(LEAKS_BY_DESIGN)) {
        if (results.has(name)) expect(results.get(name)!.rows.every((r) => r.leakBlame !== "port")).toBe(true);
      }
    },
    // One boot for some sixty programs, each run under valgrind once per failure: minutes on a loaded machine.
    900_000,
  );

  needsVm(
    "issue 16's programs in the kernel style: the same verdicts, no oops, lockup or hang",
    async () => {
      if (missingTools.length > 0) throw new Error(`missing on this CI machine: ${missingTools.join(", ")}`);
      const kdir = await findKernelDir();
      const report = await runBatch(
        NEVER_DOWN.map((name) => ({ name, fileName: "user.c", moduleName: name.replace(/-/g, "_"), text: readFileSync(join(fixturesDir, name, "user.c"), "utf8") })),
        { mode: "check", kdir, jobs: 2, translate: { style: "kernel" } },
      );
      const summary = Object.fromEntries(
        report.rows.map((row) => {
          if (!row.check) throw new Error(`${row.name}: ${row.status}: ${row.why ?? ""}`);
          return [row.name, row.check.rows.filter((r) => r.verdict !== "MATCH").map((r) => `${r.name}: ${r.verdict} ${r.differences.join("; ")}`.trim())];
        }),
      );
      expect(summary).toEqual(Object.fromEntries(NEVER_DOWN.map((name) => [name, DIFFERS_BY_DESIGN[name] ?? []])));
      expect(report.rows.filter((r) => r.failure !== undefined).map((r) => `${r.name}: ${r.failure}`)).toEqual([]);
    },
    300_000,
  );
});
