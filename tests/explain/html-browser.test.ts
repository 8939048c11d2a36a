// The seed's HTML report in headless Chromium: each hunk's explanation beside its diff on a desktop, under it on a phone.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderHtml, type ExplainReport } from "../../src/emit/explain/index.js";
import { repoRoot } from "../helpers/paths.js";
import { itWithChromium, launchChromium } from "./browser.js";
import { seedReport } from "./helpers.js";

interface Box {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

interface HunkLayout {
  index: number;
  diff: Box;
  explain: Box;
  rulesShown: string[];
  topicsShown: string[];
}

describe("the HTML report in Chromium", () => {
  let browser: Browser | undefined;
  let report: ExplainReport;
  let url: string;

  beforeAll(async () => {
    report = await seedReport();
    const file = join(mkdtempSync(join(tmpdir(), "kernelize-html-")), "seed.html");
    writeFileSync(file, renderHtml(report));
    url = pathToFileURL(file).href;
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function open(width: number, height: number): Promise<{ page: Page; requests: string[] }> {
    browser ??= await launchChromium();
    const page = await browser.newPage({ viewport: { width, height } });
    const requests: string[] = [];
    page.on("request", (r) => requests.push(r.url()));
    await page.goto(url);
    return { page, requests };
  }

  function layout(page: Page): Promise<HunkLayout[]> {
    return page.$$eval("section.hunk", (sections) =>
      sections.map((s) => {
        const box = (e: Element | null) => {
          const r = e!.getBoundingClientRect();
          return { left: r.left, right: r.right, top: r.top + window.scrollY, bottom: r.bottom + window.scrollY };
        };
        const aside = s.querySelector(".hunk-explain")!;
        return {
          index: Number((s as HTMLElement).dataset.hunk),
          diff: box(s.querySelector(".hunk-diff")),
          explain: box(aside),
          rulesShown: [...aside.querySelectorAll("[data-rule]")].map((e) => (e as HTMLElement).dataset.rule!),
          topicsShown: [...aside.querySelectorAll("[data-topic]")].map((e) => (e as HTMLElement).dataset.topic!),
        };
      }),
    );
  }

  itWithChromium("on a desktop, puts each hunk's explanation beside its diff, naming its rules and topics", async () => {
    const { page, requests } = await open(1280, 900);
    const hunks = await layout(page);
    expect(hunks.map((h) => h.index)).toEqual(report.hunks.map((h) => h.index));
    for (const h of hunks) {
      const model = report.hunks[h.index]!;
      // Beside: to the right of the diff, starting on the same line.
      expect(h.explain.left, `hunk ${h.index + 1}`).toBeGreaterThanOrEqual(h.diff.right);
      expect(Math.abs(h.explain.top - h.diff.top), `hunk ${h.index + 1}`).toBeLessThan(4);
      expect(h.rulesShown).toEqual(model.rules);
      expect(h.topicsShown).toEqual(model.topics);
    }
    // One file, nothing fetched: the page itself is the only request.
    expect(requests).toEqual([url]);
    await page.close();
  }, 60_000);

  itWithChromium("on a phone, puts the explanation under its diff, and the page does not scroll sideways", async () => {
    const { page } = await open(390, 844);
    for (const h of await layout(page)) {
      expect(h.explain.top, `hunk ${h.index + 1}`).toBeGreaterThanOrEqual(h.diff.bottom);
      expect(h.diff.right).toBeLessThanOrEqual(390);
      expect(h.explain.right).toBeLessThanOrEqual(390);
    }
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.close();
  }, 60_000);

  itWithChromium("switches between the unified and the side-by-side diff without a script", async () => {
    const { page } = await open(1280, 900);
    const visible = (selector: string) => page.$$eval(selector, (els) => els.filter((e) => (e as HTMLElement).offsetParent !== null).length);
    expect(await visible("table.unified")).toBe(report.hunks.length);
    expect(await visible("table.split")).toBe(0);
    await page.click("label[for=view-split]");
    expect(await visible("table.unified")).toBe(0);
    expect(await visible("table.split")).toBe(report.hunks.length);
    // Side by side, a removed line faces the line that replaced it.
    const row = await page.$$eval("#hunk-2 table.split tr", (rows) => rows.map((r) => [...r.querySelectorAll("td.code")].map((c) => c.textContent)).find((cells) => cells[0]?.includes("malloc(")));
    expect(row).toEqual(["\tstruct example *ex = malloc(sizeof *ex);", "\tstruct example *ex = kmalloc(sizeof *ex, GFP_KERNEL);"]);
    await page.close();
  }, 60_000);

  itWithChromium("takes a screenshot of the seed's report (docs/explain-seed.png is made the same way)", async () => {
    const { page } = await open(1280, 900);
    const png = await page.screenshot({ fullPage: false });
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(png.length).toBeGreaterThan(20_000);
    await page.close();
  }, 60_000);

});

it("keeps a screenshot of the seed's report under docs/ (npm run docs:screenshot)", () => {
  const png = readFileSync(join(repoRoot, "docs", "explain-seed.png"));
  expect([...png.subarray(1, 4)]).toEqual([0x50, 0x4e, 0x47]);
});
