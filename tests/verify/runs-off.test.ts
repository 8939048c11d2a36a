// A module whose build says a function runs off its end is never loaded by check: it would run into the code after it.
import { describe, expect, it } from "vitest";
import { notLoadable, runsOffItsEnd } from "../../src/verify/check.js";

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

describe("notLoadable", () => {
  it("refuses a frame over a quarter of the kernel stack (a 10 KiB struct returned by value panicked the guest), and lets the kernel's own 2 KiB warnings pass", () => {
    const warn = (bytes: number) => `/tmp/m/m.c:22:1: warning: the frame size of ${bytes} bytes is larger than 2048 bytes [-Wframe-larger-than=]\n`;
    expect(notLoadable(warn(10248))?.message).toBe("a function of the module takes 10248 bytes of kernel stack in one frame, more than 4096 of the 16 KiB stack it shares with the kernel (a large struct or array kept or returned by value): the module is not loaded");
    expect(notLoadable(warn(2100) + warn(5000))?.message).toContain("takes 5000 bytes");
    expect(notLoadable(warn(3000))).toBeUndefined();
    expect(notLoadable("/tmp/m/m.o: warning: objtool: die() falls through to next function m_init()\n")?.message).toContain("runs off its end");
  });
  it("refuses a function that returns a local's address (a success run oopsed in the guest on hamming_distance2.c)", () => {
    expect(notLoadable("/tmp/m/m.c:9:16: warning: function returns address of local variable [-Wreturn-local-addr]\n")?.message).toContain("returns the address of one of its local variables");
    expect(notLoadable("/tmp/m/m.c:9:16: warning: unused variable 'x' [-Wunused-variable]\n")).toBeUndefined();
  });
});
