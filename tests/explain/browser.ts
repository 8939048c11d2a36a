// Headless Chromium for the HTML report tests: Debian's /usr/bin/chromium driven by playwright-core (no browser download).
import { existsSync } from "node:fs";
import { it } from "vitest";
import { chromium, type Browser } from "playwright-core";

export const CHROMIUM = "/usr/bin/chromium";

/** Flags for a sandbox-less container: no GPU, and nothing that would reach for the network. */
const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-quic",
  "--no-first-run",
  "--disable-component-update",
  "--disable-sync",
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
}

type TestBody = () => unknown | Promise<unknown>;

/**
 * `it` when Chromium is installed. CI installs it (.ci/run), so under CI=true a missing browser
 * fails the test rather than skipping it; elsewhere the test is skipped.
 */
export function itWithChromium(name: string, body: TestBody, timeoutMs?: number): void {
  if (existsSync(CHROMIUM)) it(name, body, timeoutMs);
  else if (process.env.CI === "true") {
    it(name, () => {
      throw new Error(`${CHROMIUM} is missing on this CI machine: apt-get install chromium (see .ci/run)`);
    });
  } else it.skip(`${name} (needs ${CHROMIUM}: apt-get install chromium)`, () => {});
}
