// The playground's shared links: the state survives the round trip through the URL fragment, and a broken link is ignored.
import { deflateRawSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { decodeState, encodeState, type PlaygroundState } from "../../src/web/share.js";

const state: PlaygroundState = {
  code: '#include <stdio.h>\n\nint main(void)\n{\n\tprintf("héllo, wörld ✓ \\n");\n\treturn 0;\n}\n',
  file: "hello.c",
  name: "hello_mod",
  style: "minimal",
  kernel: "6.12",
};

describe("shared links", () => {
  it("carry the program, its file name, the module name and the style, deflated and URL-safe", async () => {
    const fragment = await encodeState(state);
    expect(fragment).toMatch(/^z=[A-Za-z0-9_-]+$/);
    expect(await decodeState(`#${fragment}`)).toEqual(state);
    expect(await decodeState(fragment)).toEqual(state);
    expect(await decodeState(`#${await encodeState({ ...state, style: "kernel" })}`)).toEqual({ ...state, style: "kernel" });
  });

  it("are deflate-raw as Node's zlib reads it, so other tools can make them", async () => {
    const made = deflateRawSync(JSON.stringify({ v: 1, file: "a.c", name: "", style: "minimal", code: "int main(void) { return 0; }\n" })).toString("base64url");
    expect(await decodeState(`#z=${made}`)).toEqual({ code: "int main(void) { return 0; }\n", file: "a.c", name: "", style: "minimal", kernel: "6.1" });
  });

  it("keep a long program short enough for a link", async () => {
    const long = { ...state, code: state.code.repeat(60) };
    expect((await encodeState(long)).length).toBeLessThan(long.code.length / 4);
  });

  it.each([
    ["no fragment", ""],
    ["another fragment", "#hunk-2"],
    ["not base64", "#z=%%%"],
    ["not deflated", "#z=aGVsbG8"],
    ["not JSON", `#b=${Buffer.from("hello").toString("base64url")}`],
    ["another version", `#b=${Buffer.from(JSON.stringify({ v: 2, file: "a.c", code: "" })).toString("base64url")}`],
    ["no code", `#b=${Buffer.from(JSON.stringify({ v: 1, file: "a.c" })).toString("base64url")}`],
  ])("are ignored when broken: %s", async (_, fragment) => {
    expect(await decodeState(fragment)).toBeUndefined();
  });
});
