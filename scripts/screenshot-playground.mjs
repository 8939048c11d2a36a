// Takes docs/playground-seed.png, docs/playground-diagnostic.png and docs/playground-program.png: the playground served
// by `kernelize playground`, in Debian's headless Chromium, 1400x860. The seed is typed in as a user would paste it; the
// diagnostic is the floating-point example with its squiggle's message open; the program is the shopping list of
// tests/fixtures-multi (three .c files, two headers), each file added as a tab. Run with `npm run docs:screenshot`;
// needs /usr/bin/chromium.
import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const root = fileURLToPath(new URL("..", import.meta.url));
const seed = readFileSync(join(root, "..", "shared", "seed", "user_code.c"), "utf8");
const shoppingList = join(root, "tests", "fixtures-multi", "shopping-list", "program");
// main.c first, as its author would open it, then the list and the string helper with their headers.
const programFiles = ["main.c", ...readdirSync(shoppingList).filter((f) => f !== "main.c").sort()].map((path) => ({ path, text: readFileSync(join(shoppingList, path), "utf8") }));

const server = spawn(process.execPath, [join(root, "dist", "cli", "kernelize.mjs"), "playground", "--port", "0"], { stdio: ["ignore", "pipe", "inherit"] });
const url = await new Promise((found, failed) => {
  let out = "";
  server.stdout.on("data", (chunk) => {
    out += chunk;
    const match = /kernelize playground: (\S+)/.exec(out);
    if (match) found(match[1]);
  });
  server.once("exit", (code) => failed(new Error(`kernelize playground exited ${code}`)));
});

// The same flags as the tests (tests/explain/browser.ts): no sandbox in a container, nothing that reaches the network.
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic", "--no-first-run", "--disable-component-update", "--disable-sync"],
});
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 860 }, colorScheme: "light" });
  await page.goto(url);
  await page.waitForSelector("body[data-ready=true]", { state: "attached" });

  // The seed, named as the article names its module, with one change explained.
  await page.fill("#file", "user_code.c");
  await page.fill("#module-name", "kernel_code");
  await page.click("#program .cm-content");
  await page.keyboard.press("Control+A");
  await page.keyboard.insertText(seed);
  await page.waitForFunction(() => document.querySelector("#module .cm-content")?.textContent?.includes("example_create"));
  await page.locator("#module .cm-line", { hasText: "kstrdup(" }).first().click();
  await page.mouse.move(0, 300);
  await page.waitForTimeout(400);
  // The mouse arrives at the text after the click's layout has settled: move it there until the tooltip opens.
  for (let tries = 0; !(await page.isVisible(".cm-tooltip-hover .change-tooltip")); tries++) {
    if (tries === 5) throw new Error("no tooltip over kstrdup(");
    await page.mouse.move(0, 300);
    await hover(page, "#module", "kstrdup(");
    await page.waitForTimeout(600);
  }
  await shoot(page, "playground-seed.png");

  // A refusal: floating point, underlined, with its message.
  await page.mouse.move(0, 0);
  await page.selectOption("#example", "refuse-float");
  await page.waitForSelector("body[data-port=refused]");
  const squiggle = await page.locator("#program .cm-lintRange-error").nth(1).boundingBox();
  await page.mouse.move(squiggle.x + squiggle.width / 2, squiggle.y + squiggle.height / 2);
  await page.waitForSelector(".cm-tooltip-lint");
  await shoot(page, "playground-diagnostic.png");

  // A program of several files: each one added as a tab, named in the File field, its text pasted in.
  await page.mouse.move(0, 0);
  await page.selectOption("#example", "greeting");
  await page.fill("#module-name", "shopping_list");
  for (const [i, file] of programFiles.entries()) {
    if (i > 0) await page.click("#add-file");
    await page.fill("#file", file.path);
    await page.click("#program .cm-content");
    await page.keyboard.press("Control+A");
    await page.keyboard.insertText(file.text);
  }
  await page.click("#file-tabs [role=tab][data-file='list.c']");
  await page.waitForFunction(() => document.querySelector("#status")?.textContent?.startsWith("Ported") && document.querySelectorAll("#output-tabs .output-tab").length > 1);
  await page.click("#output-tabs .output-tab[data-output='list.c']");
  await page.locator("#module .cm-line", { hasText: "kmalloc(" }).first().click();
  await page.mouse.move(0, 300);
  await shoot(page, "playground-program.png");
} finally {
  await browser.close();
  server.kill("SIGTERM");
}

async function hover(page, editor, text) {
  const box = await page.locator(`${editor} .cm-line`, { hasText: text }).first().evaluate((line, wanted) => {
    const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = node.textContent.indexOf(wanted);
      if (at < 0) continue;
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + Math.min(wanted.length, node.textContent.length - at));
      const r = range.getBoundingClientRect();
      return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
    }
    return null;
  }, text);
  await page.mouse.move(box.x, box.y);
}

async function shoot(page, name) {
  const out = join(root, "docs", name);
  await page.screenshot({ path: out });
  console.log(`wrote ${out}`);
}
