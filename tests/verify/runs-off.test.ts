// A module whose build says a function runs off its end is never loaded by check: it would run into the code after it.
import { describe, expect, it } from "vitest";
import { runsOffItsEnd } from "../../src/verify/check.js";

describe("runsOffItsEnd", () => {
  it("is an error for objtool's fall-through and for a noreturn function that returns", () => {
    expect(runsOffItsEnd("  CC [M]  /tmp/m/m.o\n/tmp/m/m.o: warning: objtool: die() falls through to next function m_init()\n")?.message).toBe("a function of the module runs off its end (objtool: falls through to next function), into the code after it: the module is not loaded");
    expect(runsOffItsEnd("/tmp/m/m.c:12:1: warning: 'noreturn' function does return\n")?.severity).toBe("error");
  });
  it("is nothing for a clean log, or for other warnings", () => {
    expect(runsOffItsEnd("  CC [M]  /tmp/m/m.o\n  MODPOST /tmp/m/Module.symvers\n")).toBeUndefined();
    expect(runsOffItsEnd("/tmp/m/m.c:3:5: warning: unused variable 'x' [-Wunused-variable]\n")).toBeUndefined();
  });
});
