// Takes docs/explain-seed.png: the top of the seed's HTML explain report in Debian's headless Chromium, 1280 pixels wide.
// Run with `npm run docs:screenshot` after the report's look changes; needs /usr/bin/chromium (apt-get install chromium).
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { translate } from "../dist/index.js";
import { buildExplainReport, renderHtml } from "../dist/emit/explain/index.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const source = readFileSync(join(root, "..", "shared", "seed", "user_code.c"), "utf8");
const report = buildExplainReport(source, await translate(source, { name: "kernel_code", fileName: "user_code.c" }), { userFile: "user_code.c" });
const page = join(mkdtempSync(join(tmpdir(), "kernelize-shot-")), "seed.html");
writeFileSync(page, renderHtml(report));

// The same flags as the tests (tests/explain/browser.ts): no sandbox in a container, nothing that reaches the network.
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic", "--no-first-run", "--disable-component-update", "--disable-sync"],
});
try {
  const tab = await browser.newPage({ viewport: { width: 1280, height: 1500 }, colorScheme: "light" });
  await tab.goto(pathToFileURL(page).href);
  const out = join(root, "docs", "explain-seed.png");
  await tab.screenshot({ path: out });
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
}
