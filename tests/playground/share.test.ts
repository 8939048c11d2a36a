// The playground's shared links: the state survives the round trip through the URL fragment, old links open, and a broken link is ignored.
import { deflateRawSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { decodeState, encodeState, type PlaygroundState } from "../../src/web/share.js";

const state: PlaygroundState = {
  files: [{ path: "hello.c", text: '#include <stdio.h>\n\nint main(void)\n{\n\tprintf("héllo, wörld ✓ \\n");\n\treturn 0;\n}\n' }],
  active: 0,
  name: "hello_mod",
  style: "minimal",
  kernel: "6.12",
};

const program: PlaygroundState = {
  files: [
    { path: "main.c", text: '#include <stdio.h>\n#include "list.h"\n\nint main(void)\n{\n\tprintf("%d\\n", list_length());\n\treturn 0;\n}\n' },
    { path: "list.h", text: "int list_length(void);\n" },
    { path: "list.c", text: '#include "list.h"\n\nint list_length(void)\n{\n\treturn 3;\n}\n' },
  ],
  active: 2,
  name: "",
  style: "kernel",
  kernel: "6.1",
};

const b64 = (value: unknown) => `#b=${Buffer.from(JSON.stringify(value)).toString("base64url")}`;

describe("shared links", () => {
  it("carry the program, its file name, the module name and the style, deflated and URL-safe", async () => {
    const fragment = await encodeState(state);
    expect(fragment).toMatch(/^z=[A-Za-z0-9_-]+$/);
    expect(await decodeState(`#${fragment}`)).toEqual(state);
    expect(await decodeState(fragment)).toEqual(state);
    expect(await decodeState(`#${await encodeState({ ...state, style: "kernel" })}`)).toEqual({ ...state, style: "kernel" });
  });

  it("carry every file of a program of several, in the order of their tabs, and the one on screen", async () => {
    expect(await decodeState(`#${await encodeState(program)}`)).toEqual(program);
  });

  it("are deflate-raw as Node's zlib reads it, so other tools can make them", async () => {
    const made = deflateRawSync(JSON.stringify({ v: 2, files: [["a.c", "int main(void) { return 0; }\n"]], name: "", style: "minimal" })).toString("base64url");
    expect(await decodeState(`#z=${made}`)).toEqual({ files: [{ path: "a.c", text: "int main(void) { return 0; }\n" }], active: 0, name: "", style: "minimal", kernel: "6.1" });
  });

  it("made before programs of several files (version 1: one file's code and name) still open, as that one file", async () => {
    const old = deflateRawSync(JSON.stringify({ v: 1, file: "a.c", name: "old_mod", style: "kernel", kernel: "6.6", code: "int main(void) { return 0; }\n" })).toString("base64url");
    expect(await decodeState(`#z=${old}`)).toEqual({ files: [{ path: "a.c", text: "int main(void) { return 0; }\n" }], active: 0, name: "old_mod", style: "kernel", kernel: "6.6" });
    expect(await decodeState(b64({ v: 1, file: "a.c", code: "" }))).toEqual({ files: [{ path: "a.c", text: "" }], active: 0, name: "", style: "minimal", kernel: "6.1" });
  });

  it("keep a long program short enough for a link", async () => {
    const long = { ...state, files: [{ path: "hello.c", text: state.files[0]!.text.repeat(60) }] };
    expect((await encodeState(long)).length).toBeLessThan(long.files[0]!.text.length / 4);
  });

  it("open on the first file when the one on screen is not one of them", async () => {
    expect((await decodeState(b64({ v: 2, files: [["a.c", ""], ["b.c", ""]], active: 7 })))?.active).toBe(0);
  });

  it.each([
    ["no fragment", ""],
    ["another fragment", "#hunk-2"],
    ["not base64", "#z=%%%"],
    ["not deflated", "#z=aGVsbG8"],
    ["not JSON", `#b=${Buffer.from("hello").toString("base64url")}`],
    ["another version", b64({ v: 3, files: [["a.c", ""]] })],
    ["no code", b64({ v: 1, file: "a.c" })],
    ["no files", b64({ v: 2, files: [] })],
    ["a file without text", b64({ v: 2, files: [["a.c"]] })],
    ["one path twice", b64({ v: 2, files: [["a.c", ""], ["a.c", "x"]] })],
  ])("are ignored when broken: %s", async (_, fragment) => {
    expect(await decodeState(fragment)).toBeUndefined();
  });
});
