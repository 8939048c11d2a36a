// The playground in headless Chromium, served by `kernelize playground`: the seed's port, typing, hovering a change,
// a refusal's squiggle, a shared link, the tabs, offline use; and nothing requested beyond the local server.
import { readdirSync, readFileSync } from "node:fs";
import { deflateRawSync } from "node:zlib";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { rules, translate, translateProgram } from "../../src/index.js";
import { decodeState, encodeState, type PlaygroundState } from "../../src/web/share.js";
import { itWithChromium, launchChromium } from "../explain/browser.js";
import { repoRoot, seedDir } from "../helpers/paths.js";
import { type PlaygroundServer, startPlayground } from "./server.js";

const seed = readFileSync(join(seedDir, "user_code.c"), "utf8");
const article = readFileSync(join(seedDir, "kernel_code.c"), "utf8");
const greeting = readFileSync(join(repoRoot, "examples", "greeting.c"), "utf8");
const floatProgram = readFileSync(join(repoRoot, "tests", "fixtures", "refuse-float", "user.c"), "utf8");

/** The state of a program of one file, as links made before programs of several files held it. */
const oneFile = (code: string, file: string, rest: Omit<PlaygroundState, "files" | "active">): PlaygroundState => ({ files: [{ path: file, text: code }], active: 0, ...rest });
/** The text of the file on screen. */
const codeOf = (state: PlaygroundState) => state.files[state.active]!.text;

/** A program of three files: main() in main.c, a list in list.c, the header both include. */
const LIST_H = "struct list {\n\tint length;\n};\n\nstruct list *list_new(int length);\nint list_length(const struct list *l);\nvoid list_free(struct list *l);\n";
const LIST_C =
  '#include <stdlib.h>\n#include "list.h"\n\nstruct list *list_new(int length)\n{\n\tstruct list *l = malloc(sizeof(*l));\n\n\tif (l)\n\t\tl->length = length;\n\treturn l;\n}\n\nint list_length(const struct list *l)\n{\n\treturn l->length;\n}\n\nvoid list_free(struct list *l)\n{\n\tfree(l);\n}\n';
const MAIN_C = '#include <stdio.h>\n#include "list.h"\n\nint main(void)\n{\n\tstruct list *l = list_new(3);\n\n\tif (!l)\n\t\treturn 1;\n\tprintf("%d items\\n", list_length(l));\n\tlist_free(l);\n\treturn 0;\n}\n';

interface Opened {
  context: BrowserContext;
  page: Page;
}

describe("the playground in Chromium", () => {
  let server: PlaygroundServer;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  /** Every URL any page or service worker asked for, checked after each test. */
  const requests: string[] = [];

  beforeAll(async () => {
    server = await startPlayground();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });
  afterEach(async () => {
    for (const context of contexts.splice(0)) await context.close();
    const origin = new URL(server.url).origin;
    const elsewhere = requests.splice(0).filter((url) => !url.startsWith(`${origin}/`) && !/^(blob|data|about):/.test(url));
    expect(elsewhere, "requests that left the local server").toEqual([]);
  });

  async function open(url: string, viewport = { width: 1400, height: 900 }): Promise<Opened> {
    browser ??= await launchChromium();
    const context = await browser.newContext({ viewport, acceptDownloads: true, colorScheme: "light" });
    contexts.push(context);
    context.on("request", (r) => requests.push(r.url()));
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(url);
    await ready(page);
    expect(errors).toEqual([]);
    return { context, page };
  }

  function ready(page: Page): Promise<unknown> {
    return page.waitForSelector("body[data-ready=true]", { state: "attached", timeout: 20_000 });
  }

  async function linkTo(state: PlaygroundState): Promise<string> {
    return `${server.url}#${await encodeState(state)}`;
  }

  /** The state the page has written into its address, once the port of `contains` is on screen. */
  async function stateShowing(page: Page, contains: string): Promise<PlaygroundState> {
    let state: PlaygroundState | undefined;
    await expect
      .poll(async () => {
        state = await decodeState(new URL(page.url()).hash);
        return state?.files.map((f) => f.text).join("\n") ?? "";
      }, { timeout: 10_000 })
      .toContain(contains);
    return state!;
  }

  /** What the "Download" button saves: the exact text of the module or the Makefile. */
  async function download(page: Page, button: "#download-module" | "#download-makefile"): Promise<{ name: string; text: string }> {
    const [file] = await Promise.all([page.waitForEvent("download"), page.click(button)]);
    return { name: file.suggestedFilename(), text: readFileSync((await file.path())!, "utf8") };
  }

  /** Moves the mouse over the first occurrence of `text` in the first line of `editor` that contains it. */
  async function hoverText(page: Page, editor: string, text: string): Promise<void> {
    const box = await page.evaluate(
      ([selector, wanted]) => {
        for (const line of document.querySelectorAll(`${selector} .cm-line`)) {
          const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const at = node.textContent!.indexOf(wanted!);
            if (at < 0) continue;
            const range = document.createRange();
            range.setStart(node, at);
            range.setEnd(node, at + Math.min(wanted!.length, node.textContent!.length - at));
            const r = range.getBoundingClientRect();
            return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
          }
        }
        return null;
      },
      [editor, text] as const,
    );
    expect(box, `${text} on screen in ${editor}`).not.toBeNull();
    await page.mouse.move(box!.x, box!.y);
  }

  /** CodeMirror draws only the lines near the view: scroll an editor to its end to bring main() in. */
  const scrollToEnd = (page: Page, editor: string) =>
    page.$eval(`${editor} .cm-scroller`, (scroller) => new Promise((done) => {
      scroller.scrollTop = scroller.scrollHeight;
      requestAnimationFrame(() => requestAnimationFrame(done));
    }));

  /** Replaces the text of the file on screen, as a paste would. */
  async function paste(page: Page, text: string): Promise<void> {
    await page.click("#program .cm-content");
    await page.keyboard.press("Control+A");
    await page.evaluate((code) => {
      const data = new DataTransfer();
      data.setData("text/plain", code);
      document.querySelector("#program .cm-content")!.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
    }, text);
  }

  const visibleLines = (page: Page, editor: string) => page.$$eval(`${editor} .cm-line`, (lines) => lines.map((l) => l.textContent ?? ""));

  itWithChromium("shows the seed's port: the article's module, byte for byte what translate() makes in Node", async () => {
    const state = oneFile(seed, "user_code.c", { name: "kernel_code", style: "minimal", kernel: "6.1" });
    const inNode = await translate(seed, { fileName: "user_code.c", name: "kernel_code" });
    const link = await linkTo(state);
    const renders: number[] = [];
    let page!: Page;
    // The first useful render, three cold loads in fresh contexts: navigation start to the module on screen.
    for (let load = 0; load < 3; load++) {
      const started = Date.now();
      ({ page } = await open(link));
      const wall = Date.now() - started;
      const mark = await page.evaluate(() => performance.getEntriesByName("kernelize:first-port")[0]?.startTime ?? -1);
      expect(mark).toBeGreaterThan(0);
      renders.push(mark);
      console.log(`playground first useful render, load ${load + 1}: ${mark.toFixed(0)} ms after navigation start (page.goto to ready: ${wall} ms)`);
    }
    renders.sort((a, b) => a - b);
    console.log(`playground first useful render: median ${renders[1]!.toFixed(0)} ms of 3 loads (target 1500 ms, reported, not asserted)`);

    expect(await page.textContent("#status")).toMatch(/^Ported in [\d.]+ ms: \d+ edits by \d+ rules/);
    // What is on screen is the module's beginning, line for line.
    const shown = await visibleLines(page, "#module");
    expect(shown.length).toBeGreaterThan(20);
    expect(shown).toEqual(inNode.module!.split("\n").slice(0, shown.length));
    // And all of it, as the download saves it: the same bytes as in Node, and the article's module but
    // for the newline the article forgot (tests/seed.test.ts).
    const module = await download(page, "#download-module");
    expect(module).toEqual({ name: "kernel_code.c", text: inNode.module });
    expect(module.text.split("\n").filter((line, i) => line !== article.split("\n")[i])).toEqual(['\tmsg = KERN_ERR "unable to allocate memory\\n";']);
    expect(await download(page, "#download-makefile")).toEqual({ name: "Makefile", text: inNode.makefile });
    // Changed lines are marked on both sides, as many as the diff has.
    expect(await page.locator("#program .cm-line.cm-removed").count()).toBeGreaterThan(5);
    expect(await page.locator("#module .cm-line.cm-changed").count()).toBeGreaterThan(5);
  }, 120_000);

  itWithChromium("ports again as the program is typed", async () => {
    const { page } = await open(server.url);
    expect(await page.inputValue("#file")).toBe("greeting.c");
    expect(codeOf(await stateShowing(page, "greeting"))).toBe(greeting);
    // Type a new line into main(), after its last printf() (before the releases at its end).
    await scrollToEnd(page, "#program");
    await page.locator("#program .cm-line", { hasText: 'printf("%s\\n", signature);' }).click();
    await page.keyboard.press("End");
    await page.keyboard.press("Enter");
    await page.keyboard.type('printf("typed in the browser\\n");');
    const state = await stateShowing(page, "typed in the browser");
    const inNode = await translate(codeOf(state), { fileName: "greeting.c" });
    expect(inNode.diagnostics, codeOf(state)).toEqual([]);
    expect(inNode.module).toContain('pr_info("typed in the browser\\n");');
    expect((await download(page, "#download-module")).text).toBe(inNode.module);
    // The new line is marked as changed on both sides.
    await expect.poll(() => page.locator("#program .cm-line.cm-removed", { hasText: "typed in the browser" }).count()).toBe(1);
    await scrollToEnd(page, "#module");
    expect(await page.locator("#module .cm-line.cm-changed", { hasText: 'pr_info("typed in the browser' }).count()).toBe(1);
  }, 60_000);

  itWithChromium("explains a changed line: its rule and why, on hover and on click", async () => {
    const { page } = await open(server.url);
    const rule = rules.find((r) => r.id === "malloc-to-kmalloc")!;
    await hoverText(page, "#module", "kmalloc(");
    const tooltip = page.locator(".cm-tooltip-hover .change-tooltip");
    await tooltip.waitFor({ timeout: 5_000 });
    expect(await tooltip.locator("[data-rule]").evaluateAll((els) => els.map((e) => e.getAttribute("data-rule")))).toEqual(["malloc-to-kmalloc"]);
    // A compact card: the rule and its summary, not its explanation, a few lines tall at most.
    const text = (await tooltip.textContent())!.replace(/\s+/g, " ");
    expect(text).toContain(rule.summary.replace(/`/g, ""));
    expect(text).not.toContain(rule.explanation.replace(/`/g, "").replace(/\s+/g, " ").slice(0, 40));
    const lineHeight = (await page.locator("#module .cm-line").first().boundingBox())!.height;
    expect((await tooltip.boundingBox())!.height).toBeLessThan(5 * lineHeight);

    // The full text is one click away: the card's button keeps it in the panel, with its documentation,
    // and shows the malloc() it replaced.
    await tooltip.locator("button.more").click();
    await expect.poll(() => page.locator("#change [data-rule=malloc-to-kmalloc]").count()).toBe(1);
    expect((await page.textContent("#change .explanation"))!.replace(/\s+/g, " ")).toBe(rule.explanation.replace(/`/g, "").replace(/\s+/g, " "));
    expect(await page.locator("#change .docs a").first().getAttribute("href")).toBe(rule.docs[0]);
    expect(await page.locator("#program .cm-counterpart").allTextContents()).toEqual(["malloc"]);

    // Its close button puts the hint back and takes the highlight off.
    await page.click("#change button.close");
    expect(await page.locator("#change [data-rule]").count()).toBe(0);
    expect(await page.locator("#change .hint").count()).toBe(1);
    expect(await page.locator("#program .cm-counterpart").count()).toBe(0);

    // Clicking the line pins it too; another tab closes it (the lines it points at are hidden), and
    // coming back finds nothing pinned and nothing highlighted.
    await page.mouse.move(0, 0);
    await page.locator("#module .cm-line", { hasText: "kmalloc(" }).first().click();
    await expect.poll(() => page.locator("#change [data-rule=malloc-to-kmalloc]").count()).toBe(1);
    await page.click("#tab-makefile");
    expect(await page.locator("#change [data-rule]").count()).toBe(0);
    await page.click("#tab-module");
    expect(await page.locator("#change [data-rule]").count()).toBe(0);
    expect(await page.locator("#program .cm-counterpart").count()).toBe(0);
  }, 60_000);

  itWithChromium("marks only the lines a rule changed, not those the kernel style only laid out again", async () => {
    // The example with two-space indents: the kernel style re-indents every line of every function.
    const code = greeting.replace(/\t/g, "  ");
    const { page } = await open(await linkTo(oneFile(code, "greeting.c", { name: "", style: "kernel", kernel: "6.1" })));
    await page.waitForFunction(() => document.querySelector("#status")?.textContent?.startsWith("Ported"), undefined, { timeout: 20_000 });
    // Lines re-indented only (struct members, a goto, return) are not marked; those a rule changed are.
    const unmarked = page.locator("#program .cm-line:not(.cm-removed)");
    for (const line of ["char *salutation;", "goto free_greeting;", "return g;"]) expect(await unmarked.filter({ hasText: line }).count(), line).toBeGreaterThan(0);
    expect(await page.locator("#program .cm-line.cm-removed", { hasText: "malloc(sizeof(*g))" }).count()).toBe(1);
    expect(await page.locator("#module .cm-line.cm-changed", { hasText: "\tchar *salutation;" }).count()).toBe(0);
    expect(await page.locator("#module .cm-line.cm-changed", { hasText: "kmalloc(sizeof(*g), GFP_KERNEL)" }).count()).toBe(1);
  }, 60_000);

  itWithChromium("the Example menu names the example on screen; a pasted program names the file", async () => {
    const { page } = await open(server.url);
    expect(await page.inputValue("#example")).toBe("greeting");
    await page.selectOption("#example", "sort-qsort-scores");
    await page.waitForFunction(() => document.querySelector("#program .cm-content")?.textContent?.includes("qsort"));
    expect(await page.inputValue("#example")).toBe("sort-qsort-scores");
    expect(await page.inputValue("#file")).toBe("sort_qsort_scores.c");

    // Another program pasted over the whole text: the menu says so, and the file is named after the
    // prefix its functions share (the seed's example_*), as the module is.
    await paste(page, seed);
    await expect.poll(() => page.inputValue("#file")).toBe("example.c");
    expect(await page.inputValue("#example")).toBe("");
    expect(await page.locator("#example option").first().textContent()).toMatch(/your program/i);
    expect((await stateShowing(page, "example_create")).files.map((f) => f.path)).toEqual(["example.c"]);
    expect((await download(page, "#download-module")).name).toBe("example.c");

    // A program whose functions share no prefix is program.c.
    await paste(page, "int main(void)\n{\n\treturn 0;\n}\n");
    await expect.poll(() => page.inputValue("#file")).toBe("program.c");
    // Typing a line is not pasting a program: the name stays.
    await page.keyboard.type("/* typed */");
    await stateShowing(page, "/* typed */");
    expect(await page.inputValue("#file")).toBe("program.c");
  }, 60_000);

  itWithChromium("keeps the bar on one row at 1400 px: Copy link does not wrap", async () => {
    const { page } = await open(server.url);
    const share = (await page.locator("#share").boundingBox())!;
    const title = (await page.locator(".bar h1").boundingBox())!;
    // One row: the button sits beside the title, one line of text high.
    expect(Math.abs(share.y + share.height / 2 - (title.y + title.height / 2))).toBeLessThan(6);
    expect(share.height).toBeLessThan(40);
  }, 60_000);

  itWithChromium("refuses floating point with a squiggle that gives the code, the message and what to do", async () => {
    const { page } = await open(server.url);
    await page.selectOption("#example", "refuse-float");
    await page.waitForSelector("body[data-port=refused]");
    const inNode = await translate(floatProgram, { fileName: "refuse_float.c" });
    const k3001 = inNode.diagnostics.filter((d) => d.code === "K3001");
    expect(k3001.length).toBe(2);
    await expect.poll(() => page.locator("#program .cm-lintRange-error").count()).toBe(k3001.length);
    expect(await page.locator("#program .cm-lintRange-error").allTextContents()).toEqual(k3001.map((d) => floatProgram.slice(d.range!.start, d.range!.end)));
    expect(await page.textContent("#status")).toMatch(/^Refused in [\d.]+ ms: 2 errors\. No module\.$/);

    const squiggle = (await page.locator("#program .cm-lintRange-error").first().boundingBox())!;
    await page.mouse.move(squiggle.x + squiggle.width / 2, squiggle.y + squiggle.height / 2);
    const tooltip = page.locator(".cm-tooltip-lint");
    await tooltip.waitFor({ timeout: 5_000 });
    const said = (await tooltip.textContent())!;
    expect(said).toContain(`error[K3001] ${k3001[0]!.message}`);
    expect(said).toContain(`note: ${k3001[0]!.note}`);
    // The module side says why there is no module, compiler-style.
    expect(await page.textContent("#refusal")).toContain("refuse_float.c:4:8: error[K3001]: 'double': floating point cannot be ported into a module");
    expect(await page.isDisabled("#download-module")).toBe(true);
  }, 60_000);

  itWithChromium("opens a shared link in the same state: program, file name, module name, and so the same module", async () => {
    const first = await open(server.url);
    await first.page.fill("#module-name", "shared_demo");
    await scrollToEnd(first.page, "#program");
    await first.page.locator("#program .cm-line", { hasText: "greeting_print(g);" }).first().click();
    await first.page.keyboard.press("End");
    await first.page.keyboard.type(" /* shared */");
    const state = await stateShowing(first.page, "/* shared */");
    expect(state).toMatchObject({ name: "shared_demo", style: "minimal" });
    expect(state.files.map((f) => f.path)).toEqual(["greeting.c"]);
    const module = await download(first.page, "#download-module");
    expect(module.name).toBe("shared_demo.c");

    const second = await open(first.page.url());
    expect(await second.page.inputValue("#module-name")).toBe("shared_demo");
    expect(await second.page.inputValue("#file")).toBe("greeting.c");
    expect(await decodeState(new URL(second.page.url()).hash)).toEqual(state);
    expect(await download(second.page, "#download-module")).toEqual(module);
    expect(module.text).toBe((await translate(codeOf(state), { fileName: "greeting.c", name: "shared_demo" })).module);
  }, 60_000);

  itWithChromium("switches to the kernel style: clang-format is fetched then, and the module is the one --style kernel makes", async () => {
    const { context, page } = await open(await linkTo(oneFile(seed, "user_code.c", { name: "kernel_code", style: "minimal", kernel: "6.1" })));
    // What the page asks for; the service worker fills its offline cache, clang-format included, on its own.
    const fetched: string[] = [];
    context.on("request", (r) => {
      if (!r.serviceWorker()) fetched.push(r.url());
    });
    const minimal = await download(page, "#download-module");
    expect(fetched.filter((url) => url.includes("clang-format")), "clang-format before it is needed").toEqual([]);

    await page.check("#style input[value=kernel]");
    await expect.poll(async () => (await decodeState(new URL(page.url()).hash))?.style, { timeout: 20_000 }).toBe("kernel");
    await page.waitForFunction(() => document.querySelector("#status")?.textContent?.startsWith("Ported"));
    expect(fetched.some((url) => /clang-format-[\w-]+\.wasm$/.test(url)), "clang-format's WASM fetched on the switch").toBe(true);
    const inNode = await translate(seed, { fileName: "user_code.c", name: "kernel_code", style: "kernel" });
    const kernel = await download(page, "#download-module");
    expect(kernel).toEqual({ name: "kernel_code.c", text: inNode.module });
    expect(kernel.text).not.toBe(minimal.text);
    expect(kernel.text).toContain("module_init(example_init);");
    // Its changed lines are marked too, and a link to it opens in the kernel style.
    expect(await page.locator("#module .cm-line.cm-changed").count()).toBeGreaterThan(5);
    const shared = await open(page.url());
    expect(await shared.page.isChecked("#style input[value=kernel]")).toBe(true);
    expect(await download(shared.page, "#download-module")).toEqual(kernel);
    // And back.
    await page.check("#style input[value=minimal]");
    await expect.poll(async () => (await decodeState(new URL(page.url()).hash))?.style).toBe("minimal");
    expect(await download(page, "#download-module")).toEqual(minimal);
  }, 90_000);

  itWithChromium("targets the kernel release picked: for 6.12 init and exit are static, and a link keeps the choice", async () => {
    const { page } = await open(await linkTo(oneFile(seed, "user_code.c", { name: "", style: "minimal", kernel: "6.1" })));
    expect((await download(page, "#download-module")).text).toContain("\nint example_init(void)\n");
    expect(await page.locator("#kernel").count()).toBe(1);
    await page.selectOption("#kernel", "6.12");
    await expect.poll(async () => (await decodeState(new URL(page.url()).hash))?.kernel, { timeout: 20_000 }).toBe("6.12");
    const inNode = await translate(seed, { fileName: "user_code.c", kernel: "6.12" });
    const module = await download(page, "#download-module");
    expect(module.text).toBe(inNode.module);
    expect(module.text).toContain("\nstatic int example_init(void)\n");
    const shared = await open(page.url());
    expect(await shared.page.inputValue("#kernel")).toBe("6.12");
  }, 60_000);

  itWithChromium("shows the Makefile and the explain report in their tabs", async () => {
    const { page } = await open(await linkTo(oneFile(seed, "user_code.c", { name: "", style: "minimal", kernel: "6.1" })));
    const inNode = await translate(seed, { fileName: "user_code.c" });
    await page.click("#tab-makefile");
    expect((await visibleLines(page, "#makefile")).join("\n")).toBe(inNode.makefile);
    await page.click("#tab-explain");
    const report = page.frameLocator("#explain");
    expect(await report.locator("h1").textContent()).toBe("How user_code.c became the kernel module example.c");
    expect(await report.locator("section.hunk").count()).toBeGreaterThan(3);
  }, 60_000);

  // ---- a program of several files ----

  const fileTabs = (page: Page) => page.$$eval("#file-tabs [role=tab]", (tabs) => tabs.map((t) => `${t.textContent}${t.getAttribute("aria-selected") === "true" ? "*" : ""}`));
  const outputTabs = (page: Page) => page.$$eval("#output-tabs .output-tab", (tabs) => tabs.map((t) => t.textContent ?? ""));
  /** The text an editor shows, line by line: whole for these short files, which CodeMirror draws entire. */
  const editorText = async (page: Page, editor: string) => (await visibleLines(page, editor)).join("\n");
  const hashState = async (page: Page) => decodeState(new URL(page.url()).hash);

  /** The text of each of the module's files as its tab shows it, by the tab's name. */
  async function outputs(page: Page): Promise<Record<string, string>> {
    const shown: Record<string, string> = {};
    for (const name of await outputTabs(page)) {
      await page.click(`#output-tabs .output-tab[data-output="${name}"]`);
      const [file] = await Promise.all([page.waitForEvent("download"), page.click("#download-module")]);
      expect(file.suggestedFilename()).toBe(name);
      shown[name] = readFileSync((await file.path())!, "utf8");
    }
    return shown;
  }

  itWithChromium("adds a file as a tab, renames it in the File field, switches between tabs, and removes it", async () => {
    const { page } = await open(server.url);
    expect(await fileTabs(page)).toEqual(["greeting.c*"]);
    // One file has no remove button: a program has at least one.
    expect(await page.locator("#file-tabs .remove-file").count()).toBe(0);

    await page.click("#add-file");
    expect(await fileTabs(page)).toEqual(["greeting.c", "file2.c*"]);
    expect(await page.inputValue("#file")).toBe("file2.c");
    expect(await editorText(page, "#program")).toBe("");
    // The File field is ready for the new name: typing replaces it.
    await page.keyboard.type("util.h");
    expect(await fileTabs(page)).toEqual(["greeting.c", "util.h*"]);
    await paste(page, "int twice(int x);\n");
    await expect.poll(async () => (await hashState(page))?.files.map((f) => f.path)).toEqual(["greeting.c", "util.h"]);
    // A name another file has is refused: the file keeps its own.
    await page.fill("#file", "greeting.c");
    expect(await page.$eval("#file", (input) => (input as HTMLInputElement).validity.valid)).toBe(false);
    expect(await fileTabs(page)).toEqual(["greeting.c", "util.h*"]);
    // So is a name that is neither a .c file nor a header.
    await page.fill("#file", "notes.txt");
    expect(await page.$eval("#file", (input) => (input as HTMLInputElement).validity.valid)).toBe(false);
    expect(await fileTabs(page)).toEqual(["greeting.c", "util.h*"]);
    await page.fill("#file", "util.h");

    // Each tab keeps its own text.
    await page.click("#file-tabs [role=tab][data-file='greeting.c']");
    expect(await page.inputValue("#file")).toBe("greeting.c");
    // greeting.c is longer than CodeMirror draws: what it draws is its beginning.
    expect(greeting.startsWith(await editorText(page, "#program"))).toBe(true);
    expect(await page.locator("#program .cm-line", { hasText: "greeting.c: a small program" }).count()).toBe(1);
    await page.click("#file-tabs [role=tab][data-file='util.h']");
    expect(await editorText(page, "#program")).toBe("int twice(int x);\n");
    await expect.poll(async () => (await hashState(page))?.files).toEqual([{ path: "greeting.c", text: greeting }, { path: "util.h", text: "int twice(int x);\n" }]);

    await page.click("#file-tabs .remove-file[aria-label='Remove util.h']");
    expect(await fileTabs(page)).toEqual(["greeting.c*"]);
    // greeting.c is longer than CodeMirror draws: what it draws is its beginning.
    expect(greeting.startsWith(await editorText(page, "#program"))).toBe(true);
    expect(await page.locator("#program .cm-line", { hasText: "greeting.c: a small program" }).count()).toBe(1);
    await expect.poll(async () => (await hashState(page))?.files.map((f) => f.path)).toEqual(["greeting.c"]);
    await page.waitForFunction(() => document.querySelector("#status")?.textContent?.startsWith("Ported"));
  }, 60_000);

  itWithChromium("ports two .c files and their header as one module: each file of it, the Kbuild Makefile and the report, as in Node", async () => {
    const { page } = await open(server.url);
    await paste(page, MAIN_C);
    await page.fill("#file", "main.c");
    for (const [name, text] of [["list.h", LIST_H], ["list.c", LIST_C]] as const) {
      await page.click("#add-file");
      await page.fill("#file", name);
      await paste(page, text);
    }
    expect(await fileTabs(page)).toEqual(["main.c", "list.h", "list.c*"]);
    const files = [{ path: "main.c", text: MAIN_C }, { path: "list.h", text: LIST_H }, { path: "list.c", text: LIST_C }];
    await expect.poll(async () => (await hashState(page))?.files, { timeout: 10_000 }).toEqual(files);
    await page.waitForFunction(() => document.querySelector("#status")?.textContent?.startsWith("Ported"));

    // As `kernelize port main.c list.c` makes it (the header comes with them), named after no file: program.
    const inNode = await translateProgram(files, { name: "program" });
    expect(inNode.ok).toBe(true);
    expect(await outputTabs(page)).toEqual(inNode.files.map((f) => f.path));
    expect(await outputs(page)).toEqual(Object.fromEntries(inNode.files.map((f) => [f.path, f.text])));
    expect(inNode.makefile).toContain("program-y := list.o main.o");
    await page.click("#tab-makefile");
    expect(await editorText(page, "#makefile")).toBe(inNode.makefile);

    // The tab of a program's file shows what the port changed in it, and the module's file made from it.
    await page.click("#file-tabs [role=tab][data-file='list.c']");
    await expect.poll(() => page.locator("#program .cm-line.cm-removed", { hasText: "malloc(sizeof(*l))" }).count()).toBe(1);
    await page.click("#output-tabs .output-tab[data-output='list.c']");
    expect(await page.locator("#module .cm-line.cm-changed", { hasText: "kmalloc(sizeof(*l), GFP_KERNEL)" }).count()).toBe(1);
    await hoverText(page, "#module", "kmalloc(");
    const tooltip = page.locator(".cm-tooltip-hover .change-tooltip");
    await tooltip.waitFor({ timeout: 5_000 });
    expect(await tooltip.locator("[data-rule]").evaluateAll((els) => els.map((e) => e.getAttribute("data-rule")))).toContain("malloc-to-kmalloc");

    // One report for all the files: each file's diff under its own header.
    await page.click("#tab-explain");
    const report = page.frameLocator("#explain");
    const text = (await report.locator("body").textContent())!;
    for (const f of ["main.c", "list.c"]) expect(text).toContain(`diff -ruN ${f} program/${f}`);

    // A refusal is underlined in the tab of the file it is in: a fork() in list.c there, nothing in main.c.
    await page.click("#file-tabs [role=tab][data-file='list.c']");
    await paste(page, LIST_C.replace("\tfree(l);", "\tfree(l);\n\tfork();"));
    await page.waitForSelector("body[data-port=refused]");
    await expect.poll(() => page.locator("#program .cm-lintRange-error").allTextContents()).toEqual(["fork"]);
    expect(await page.textContent("#refusal")).toMatch(/list\.c:\d+:\d+: error\[K3004\]/);
    await page.click("#file-tabs [role=tab][data-file='main.c']");
    expect(await page.locator("#program .cm-lintRange-error").count()).toBe(0);
  }, 90_000);

  itWithChromium("shares every file in the link: the link opens the same tabs, the same file on screen, the same module", async () => {
    const state: PlaygroundState = { files: [{ path: "main.c", text: MAIN_C }, { path: "list.h", text: LIST_H }, { path: "list.c", text: LIST_C }], active: 1, name: "lists", style: "minimal", kernel: "6.1" };
    const { page } = await open(`${server.url}#${await encodeState(state)}`);
    expect(await fileTabs(page)).toEqual(["main.c", "list.h*", "list.c"]);
    expect(await page.inputValue("#file")).toBe("list.h");
    expect(await editorText(page, "#program")).toBe(LIST_H);
    expect(await page.inputValue("#module-name")).toBe("lists");
    const first = await outputs(page);
    const inNode = await translateProgram(state.files, { name: "lists" });
    expect(first).toEqual(Object.fromEntries(inNode.files.map((f) => [f.path, f.text])));

    // The page's own link, after an edit in another tab, carries the edit and every other file as it was.
    await page.click("#file-tabs [role=tab][data-file='main.c']");
    await page.locator("#program .cm-line", { hasText: "list_free(l);" }).click();
    await page.keyboard.press("End");
    await page.keyboard.type(" /* shared */");
    await expect.poll(async () => (await hashState(page))?.files[0]?.text, { timeout: 10_000 }).toContain("/* shared */");
    const saved = (await hashState(page))!;
    expect(saved).toEqual({ ...state, active: 0, files: [{ path: "main.c", text: MAIN_C.replace("list_free(l);", "list_free(l); /* shared */") }, state.files[1], state.files[2]] });
    await page.waitForFunction(() => document.querySelector("#status")?.textContent?.startsWith("Ported"));
    const edited = await outputs(page);

    const { page: second } = await open(page.url());
    expect(await fileTabs(second)).toEqual(["main.c*", "list.h", "list.c"]);
    expect(await outputs(second)).toEqual(edited);
  }, 90_000);

  itWithChromium("offers the programs of several files among its examples: picked, each is its tabs, and its module is the goldens", async () => {
    const { page } = await open(server.url);
    expect(await page.$$eval("#example optgroup[label='Programs of several files'] option", (options) => options.map((o) => (o as HTMLOptionElement).value))).toEqual(
      expect.arrayContaining(["shopping-list", "static-helpers-same-name"]),
    );
    for (const [id, tabs] of [["shopping-list", ["main.c*", "list.c", "list.h", "strutil.c", "strutil.h"]], ["static-helpers-same-name", ["stats.c*", "stats.h", "tally.c"]]] as const) {
      await page.selectOption("#example", id);
      await expect.poll(() => fileTabs(page)).toEqual(tabs);
      await page.waitForFunction(() => document.querySelector("#status")?.textContent?.startsWith("Ported"));
      const golden = join(repoRoot, "tests", "fixtures-multi", id, "kernel");
      const files = readdirSync(golden).filter((f) => f !== "Makefile");
      expect(await outputs(page)).toEqual(Object.fromEntries(files.map((f) => [f, readFileSync(join(golden, f), "utf8")])));
      await page.click("#tab-makefile");
      expect(await editorText(page, "#makefile")).toBe(readFileSync(join(golden, "Makefile"), "utf8"));
      expect(await page.inputValue("#example")).toBe(id);
    }
  }, 60_000);

  itWithChromium("lays a program of several files out in the kernel style, file by file, as --style kernel does", async () => {
    const state: PlaygroundState = { files: [{ path: "main.c", text: MAIN_C.replace(/\t/g, "  ") }, { path: "list.h", text: LIST_H }, { path: "list.c", text: LIST_C.replace(/\t/g, "  ") }], active: 0, name: "lists", style: "kernel", kernel: "6.1" };
    const { page } = await open(`${server.url}#${await encodeState(state)}`);
    await page.waitForFunction(() => document.querySelector("#status")?.textContent?.startsWith("Ported"), undefined, { timeout: 20_000 });
    const inNode = await translateProgram(state.files, { name: "lists", style: "kernel" });
    expect(inNode.ok).toBe(true);
    expect(await outputs(page)).toEqual(Object.fromEntries(inNode.files.map((f) => [f.path, f.text])));
    expect(inNode.files.find((f) => f.path === "list.c")!.text).toContain("\tstruct list *l = kmalloc(sizeof(*l), GFP_KERNEL);");
  }, 60_000);

  itWithChromium("opens a link made before programs of several files: one file, one tab, the module translate() makes", async () => {
    const old = deflateRawSync(JSON.stringify({ v: 1, file: "user_code.c", name: "kernel_code", style: "minimal", kernel: "6.1", code: seed })).toString("base64url");
    const { page } = await open(`${server.url}#z=${old}`);
    expect(await fileTabs(page)).toEqual(["user_code.c*"]);
    expect(await page.inputValue("#file")).toBe("user_code.c");
    expect(await page.inputValue("#module-name")).toBe("kernel_code");
    const inNode = await translate(seed, { fileName: "user_code.c", name: "kernel_code" });
    expect(await outputs(page)).toEqual({ "kernel_code.c": inNode.module });
    // Rewritten in the current form, which opens the same.
    await expect.poll(async () => (await hashState(page))?.files).toEqual([{ path: "user_code.c", text: seed }]);
  }, 60_000);
});

describe("the playground offline", () => {
  itWithChromium("works with the server gone, once it has been opened, in both styles", async () => {
    const server = await startPlayground();
    const browser = await launchChromium();
    try {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(server.url);
      await page.waitForSelector("body[data-ready=true]", { state: "attached" });
      // The service worker has stored the app and controls the page.
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 20_000 });
      await server.stop();
      await expect(fetch(server.url)).rejects.toThrow();
      await page.reload();
      await page.waitForSelector("body[data-ready=true]", { state: "attached", timeout: 20_000 });
      expect(await page.textContent("#status")).toMatch(/^Ported in/);
      // The kernel style too: the worker kept clang-format, though the page never asked for it online.
      await page.check("#style input[value=kernel]");
      await page.waitForFunction(() => document.querySelector("#status")?.textContent?.startsWith("Ported"), undefined, { timeout: 20_000 });
      expect(await page.locator("#module .cm-line", { hasText: "SPDX-License-Identifier" }).count()).toBe(1);
      await page.selectOption("#example", "refuse-float");
      await page.waitForSelector("body[data-port=refused]");
    } finally {
      await browser.close();
      await server.stop();
    }
  }, 60_000);
});

it("keeps screenshots of the seed, of a refusal and of a program of several files under docs/ (npm run docs:screenshot)", () => {
  for (const name of ["playground-seed.png", "playground-diagnostic.png", "playground-program.png"]) {
    const png = readFileSync(join(repoRoot, "docs", name));
    expect([...png.subarray(0, 8)], name).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(png.length, name).toBeGreaterThan(30_000);
  }
  const readme = readFileSync(join(repoRoot, "README.md"), "utf8");
  expect(readme).toContain("](docs/playground-seed.png)");
  expect(readme).toContain("](docs/playground-diagnostic.png)");
  expect(readme).toContain("](docs/playground-program.png)");
});
