import { describe, expect, it } from "vitest";
import { exec, timerMs } from "../../src/verify/exec.js";

describe("a child's time limit", () => {
  it("holds past the 24.8 days setTimeout() keeps: --timeout 900 over 3,318 failure runs did not end the runs at once", async () => {
    expect(timerMs(900_000 * 3318 + 10_000)).toBe(2 ** 31 - 1);
    expect(timerMs(-5)).toBe(0);
    expect(timerMs(1500)).toBe(1500);
    const r = await exec("/bin/sh", ["-c", "sleep 0.3; echo ran"], { timeoutMs: 900_000 * 3318 + 10_000 });
    expect(r.timedOut).toBe(false);
    expect(r.output.trim()).toBe("ran");
  });
  it("still ends a child that runs past a short limit", async () => {
    const r = await exec("/bin/sh", ["-c", "sleep 5"], { timeoutMs: 200 });
    expect(r.timedOut).toBe(true);
  });
});
