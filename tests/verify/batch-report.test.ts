// The pure parts of batch verification: which allocation failures a capped check injects, and the summary table.
import { describe, expect, it } from "vitest";
import { formatBatchReport, median } from "../../src/cli/batch.js";
import { type BatchReport, checkVerdict } from "../../src/verify/batch.js";
import { type CheckResult, type ScenarioRow, type SideOutcome, spreadFailures } from "../../src/verify/check.js";

describe("spreadFailures", () => {
  it("keeps every allocation when there is no cap or the cap is not reached", () => {
    expect(spreadFailures([1, 2, 3])).toEqual([1, 2, 3]);
    expect(spreadFailures([1, 2, 3], 3)).toEqual([1, 2, 3]);
  });
  it("spreads a cap evenly from the first allocation to the last", () => {
    expect(spreadFailures([1, 2, 3, 4, 5, 6, 7, 8, 9], 3)).toEqual([1, 5, 9]);
    expect(spreadFailures(Array.from({ length: 1000 }, (_, i) => i + 1), 64)).toHaveLength(64);
    expect(spreadFailures([4, 7, 9], 1)).toEqual([4]);
    expect(spreadFailures([4, 7, 9], 0)).toEqual([]);
  });
});

describe("formatBatchReport", () => {
  const report: BatchReport = {
    mode: "check",
    total: 3,
    works: 1,
    wallMs: 12_345,
    vm: { accel: "tcg", boots: 2, reboots: 1, bootMs: [1500, 1400], moduleMs: [200, 400] },
    rows: [
      { name: "progs/a.c", module: "a", status: "works", works: true, build: { ok: true, errors: 0, warnings: 0, messages: [] }, loaded: true, matched: true, leaked: false, scenarios: { total: 4, matched: 4 }, ms: 1 },
      { name: "progs/b.c", status: "refused", works: false, why: "b.c:3:5: K3001: floating point", refusal: { code: "K3001", message: "floating point" }, ms: 1 },
      { name: "progs/c.c", module: "c", status: "crashed", works: false, why: "success: oops: BUG: kernel NULL pointer dereference", failure: "oops", build: { ok: true, errors: 0, warnings: 0, messages: [] }, loaded: false, matched: false, leaked: false, scenarios: { total: 2, matched: 0 }, ms: 1 },
    ],
  };

  it("has a row per program, why the others stopped, and the totals with what the guest cost", () => {
    expect(formatBatchReport(report)).toBe(
      [
        "program    ported  built  loaded  matched  leaked  result",
        "progs/a.c  yes     yes    yes     yes 4/4  no      works",
        "progs/b.c  K3001   -      -       -        -       refused",
        "progs/c.c  yes     yes    no      no 0/2   no      crashed",
        "",
        "why:",
        "  progs/b.c: b.c:3:5: K3001: floating point",
        "  progs/c.c: success: oops: BUG: kernel NULL pointer dereference",
        "",
        "1 of 3 work; 1 refused, 1 crashed; 2 boots (tcg, 1 after a module took the guest down), 0.30 s a module in the guest (median); 12.3 s in all",
        "",
      ].join("\n"),
    );
  });

  it("takes the median of an even count as the mean of the middle two", () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBe(0);
  });
});

describe("checkVerdict", () => {
  const side = (over: Partial<SideOutcome>): SideOutcome => ({ out: [], errors: [], status: "0", ok: true, allocations: 1, leaks: [], ...over });
  const row = (over: Partial<ScenarioRow>): ScenarioRow => ({ name: "success", failAt: 0, program: side({}), module: side({}), differences: [], verdict: "MATCH", ...over });
  const result = (rows: ScenarioRow[]): CheckResult => ({ file: "p.c", module: "p", rows, allocations: { program: 1, module: 1 }, ok: false, build: { ok: true, errors: [], warnings: [], durationMs: 1 }, timings: { programMs: 0, buildMs: 0, vmMs: 0 } });

  it("calls a program that crashed where the module failed cleanly the program's bug, even with the crashed program's leaks", () => {
    const bug = row({ name: "fail #1", failAt: 1, verdict: "BUG", program: side({ status: "signal SIGSEGV", ok: false, trouble: "killed by SIGSEGV", leaks: [{ site: "p.c:3", bytes: 8, blame: "user" }] }), module: side({ status: "-ENOMEM", ok: false }) });
    const verdict = checkVerdict(result([row({}), bug]));
    expect([verdict.status, verdict.why]).toEqual(["program-bug", "fail #1: the program's own bug: killed by SIGSEGV"]);
    // A difference elsewhere still comes first.
    expect(checkVerdict(result([row({ verdict: "DIFFER", differences: ["stdout"] }), bug])).status).toBe("differs");
  });

  it("calls a leak only the program has (memory left for its exit, which the module frees) the program's bug, and one the module has a leak", () => {
    const programLeaks = row({ verdict: "LEAK", leakBlame: "user", program: side({ leaks: [{ site: "p.c:9", bytes: 18, blame: "user" }] }) });
    const verdict = checkVerdict(result([programLeaks]));
    expect([verdict.status, verdict.why]).toEqual(["program-bug", "success: the program's own bug: it leaks what it allocated at p.c:9, which the module frees"]);
    const bothLeak = row({ verdict: "LEAK", leakBlame: "user", program: side({ leaks: [{ site: "p.c:9", bytes: 18, blame: "user" }] }), module: side({ leaks: [{ site: "p.c:9", bytes: 18, blame: "user" }] }) });
    expect([checkVerdict(result([bothLeak])).status, checkVerdict(result([bothLeak])).why]).toEqual(["leaks", "success: leaks as the program does"]);
  });
});
