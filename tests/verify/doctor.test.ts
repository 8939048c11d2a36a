// `kernelize doctor`: every external part listed with found/missing, and the exact install command for the rest.
import { describe, expect, it } from "vitest";
import { installCommand, kernelSourcePackage, MissingPartError, parts } from "../../src/verify/parts.js";
import { itNeeds, partsReport } from "../helpers/parts.js";

const everyPart = parts.map((p) => p.id);

describe("doctor", () => {
  it("lists every part the issue names, each with its Debian package", () => {
    expect(partsReport.parts.map((p) => p.package)).toEqual(
      expect.arrayContaining(["gcc", "make", "linux-headers-amd64", "linux-image-amd64", "qemu-system-x86", "cpio", "kmod", "xz-utils", "perl", "sparse"]),
    );
    for (const p of partsReport.parts) expect(p.detail).not.toBe("");
  });

  it("lists lint's parts as optional, checkpatch from the kernel source of the headers' series", () => {
    const byId = new Map(partsReport.parts.map((p) => [p.id, p]));
    for (const id of ["perl", "checkpatch", "sparse"] as const) expect(byId.get(id)?.required).toBe(false);
    const release = /release (\S+)/.exec(byId.get("kernel-headers")!.detail)?.[1];
    expect(byId.get("checkpatch")!.package).toBe(kernelSourcePackage(release, partsReport.distribution.id));
    if (release?.startsWith("6.1.")) expect(byId.get("checkpatch")!.package).toBe("linux-source-6.1");
  });

  itNeeds(everyPart)("finds every part on this machine, so there is nothing to install", () => {
    expect(partsReport.parts.filter((p) => !p.found).map((p) => p.label)).toEqual([]);
    expect(partsReport.installCommand).toBeUndefined();
    expect(partsReport.ok).toBe(true);
  });

  it("writes the apt-get command for what is missing, one package once", () => {
    expect(installCommand(["qemu", "cpio", "gcc"])).toBe("apt-get install -y qemu-system-x86 cpio gcc");
    expect(new MissingPartError("cpio", "cpio is not installed").message).toBe(
      "cpio is not installed: install cpio (apt-get install -y cpio), or run `kernelize doctor --install`",
    );
  });
});
