// Which steps of the verify commands print a result line: on a terminal every one; in a log, the waits of a second or more for other programs, never the port; with -q none.
import { describe, expect, it } from "vitest";
import { showsResultLine } from "../../src/cli/verify-commands.js";

describe("a step's result line", () => {
  it("is printed for every step on a terminal", () => {
    expect(showsResultLine({ tty: true, quiet: false, took: 5, label: "port" })).toBe(true);
    expect(showsResultLine({ tty: true, quiet: false, took: 5, label: "build" })).toBe(true);
  });
  it("off a terminal, only for a step that took a second or more, and never for the port", () => {
    expect(showsResultLine({ tty: false, quiet: false, took: 1000, label: "build" })).toBe(true);
    expect(showsResultLine({ tty: false, quiet: false, took: 999, label: "build" })).toBe(false);
    expect(showsResultLine({ tty: false, quiet: false, took: 5000, label: "port" })).toBe(false);
  });
  it("is never printed with -q", () => {
    expect(showsResultLine({ tty: false, quiet: true, took: 5000, label: "build" })).toBe(false);
  });
});
