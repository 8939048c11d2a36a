// The guest's errno names: our own table, checked against the numbers Node knows for this (Linux) host.
import { constants, platform } from "node:os";
import { getSystemErrorName } from "node:util";
import { describe, expect, it } from "vitest";
import { errnoName, kernelInternalMessage } from "../../src/verify/errno.js";

/** Names Linux gives the same number as another, which our table spells the kernel's way. */
const ALIASES: Record<string, string> = { ENOTSUP: "EOPNOTSUPP", EWOULDBLOCK: "EAGAIN" };

describe.skipIf(platform() !== "linux")("errnoName()", () => {
  it("agrees with os.constants.errno on every name Node knows", () => {
    const known = Object.entries(constants.errno);
    expect(known.length).toBeGreaterThan(70);
    for (const [name, number] of known) expect(errnoName(number), name).toBe(ALIASES[name] ?? name);
  });

  it("knows the Linux names Node and libuv do not (why it is a table of ours: util.getSystemErrorName() has no name for them)", () => {
    expect(getSystemErrorName(-126)).toMatch(/^Unknown system error/);
    expect(errnoName(126)).toBe("ENOKEY");
    expect(errnoName(133)).toBe("EHWPOISON");
    expect(errnoName(524)).toBe("ENOTSUPP");
    expect(kernelInternalMessage(524)).toMatch(/kernel-internal/);
    expect(errnoName(41)).toBeUndefined();
  });
});
