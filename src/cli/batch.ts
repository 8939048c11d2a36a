// `kernelize run|check` on several programs or a directory: which files, progress while they run, and the summary table.
import { readdir, stat } from "node:fs/promises";
import { basename, join } from "node:path";
import type { BatchProgress, BatchReport, BatchRow } from "../verify/batch.js";
import { readInput, UsageError } from "./io.js";
import { colorsFor } from "./report.js";
import { isQuiet } from "./output-level.js";

/** A kernel module rather than a program: it includes linux/module.h or registers an init function. */
export const MODULE_MARKERS = /^\s*#\s*include\s*<linux\/module\.h>|\bmodule_init\s*\(/m;

/** Directories a program tree never keeps its programs in. */
const SKIPPED_DIRECTORIES = new Set(["node_modules", ".git"]);

/**
 * The C programs a directory holds, at any depth, in path order; kernel modules in it are left out.
 * A walk of our own rather than readdir's `recursive` (Node 20) or a glob library: it never enters
 * node_modules or .git, where a recursive listing would read every file first.
 */
export async function programsIn(dir: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (at: string) => {
    const entries = await readdir(at, { withFileTypes: true });
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (e.name.startsWith(".") || SKIPPED_DIRECTORIES.has(e.name)) continue;
      const path = join(at, e.name);
      if (e.isDirectory()) await walk(path);
      else if (e.isFile() && e.name.endsWith(".c")) found.push(path);
    }
  };
  await walk(dir);
  return found;
}

/** The programs named on the command line: files as given, directories expanded; each read once, modules refused. */
export async function batchProgramList(targets: readonly string[]): Promise<{ name: string; fileName: string; text: string }[]> {
  const files: string[] = [];
  for (const target of targets) {
    const info = await stat(target).catch(() => undefined);
    if (!info) throw new UsageError(`${target}: no such file or directory`);
    if (info.isDirectory()) {
      const inside = await programsIn(target);
      if (inside.length === 0) throw new UsageError(`${target}: no .c files in this directory`);
      files.push(...inside);
    } else files.push(target);
  }
  const programs = [];
  for (const file of files) {
    const input = await readInput(file);
    // A module among programs (a port left beside its program) is skipped when it came from a directory, refused when named.
    if (MODULE_MARKERS.test(input.text)) {
      if (targets.includes(file)) throw new UsageError(`${file}: already a kernel module; run and check take programs when given several`);
      continue;
    }
    programs.push({ name: file, fileName: basename(file), text: input.text });
  }
  if (programs.length === 0) throw new UsageError(`${targets.join(" ")}: no C programs (only kernel modules)`);
  return programs;
}

/**
 * Progress on standard error: on a terminal, each finished program's line and below it a status
 * line (done/total, elapsed, what is being worked on) that is rewritten in place; otherwise one
 * plain line per finished program.
 */
export function batchProgressPrinter(): { onProgress: (p: BatchProgress) => void; end: () => void } {
  if (isQuiet()) return { onProgress: () => {}, end: () => {} };
  const tty = Boolean(process.stderr.isTTY);
  const c = colorsFor(process.stderr);
  let shown = false;
  const clear = () => {
    if (shown) process.stderr.write("\r\x1b[K");
    shown = false;
  };
  return {
    onProgress(p) {
      const clock = formatElapsed(p.elapsedMs);
      if (p.finished) {
        clear();
        const mark = p.finished.works ? c.green("works") : c.red(p.finished.status);
        process.stderr.write(`[${p.done}/${p.total}] ${p.finished.name}: ${mark}${p.finished.why ? c.dim(` (${truncate(p.finished.why, 100)})`) : ""}\n`);
      }
      if (!tty || p.done === p.total) return;
      clear();
      const width = Math.max(20, (process.stderr.columns ?? 100) - 1);
      const now = p.current.length > 0 ? ` ${p.current.join(", ")}` : "";
      process.stderr.write(c.dim(truncate(`  ${p.done}/${p.total} done, ${clock}${now ? `, working on${now}` : ""}`, width)));
      shown = true;
    },
    end: clear,
  };
}

function formatElapsed(ms: number): string {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

function truncate(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}

/**
 * The summary: one row per program, how far it got, and why it stopped; then the totals and what the
 * guest cost. Columns padded by hand rather than by a table library (cli-table3 and the like draw
 * boxes and bring dependencies): plain columns, as `column -t` prints them, read the same in a CI log.
 */
export function formatBatchReport(report: BatchReport): string {
  const check = report.mode === "check";
  const yes = (v: boolean | undefined) => (v === undefined ? "-" : v ? "yes" : "no");
  const head = check ? ["program", "ported", "built", "loaded", "matched", "leaked", "result"] : ["program", "ported", "built", "loaded", "result"];
  const cells = (r: BatchRow): string[] => {
    const ported = r.status === "refused" ? r.refusal?.code ?? "no" : r.status === "error" ? "-" : "yes";
    const built = r.build === undefined ? "-" : !r.build.ok ? "no" : r.build.warnings > 0 ? `${r.build.warnings} warn` : "yes";
    const scen = r.scenarios ? ` ${r.scenarios.matched}/${r.scenarios.total}` : "";
    const common = [r.name, ported, built, yes(r.loaded)];
    return check ? [...common, r.matched === undefined ? "-" : `${yes(r.matched)}${scen}`, yes(r.leaked), r.status] : [...common, r.status];
  };
  const table = report.rows.map(cells);
  const widths = head.map((h, i) => Math.max(h.length, ...table.map((row) => row[i]!.length)));
  const line = (row: readonly string[]) => row.map((cell, i) => cell.padEnd(widths[i]!)).join("  ").trimEnd();
  const out = [line(head), ...table.map(line)];
  const failing = report.rows.filter((r) => !r.works && r.why);
  if (failing.length > 0) {
    out.push("", "why:");
    for (const r of failing) out.push(`  ${r.name}: ${r.why}`);
  }
  const counts = new Map<string, number>();
  for (const r of report.rows) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
  const others = [...counts].filter(([s]) => s !== "works").map(([s, n]) => `${n} ${s}`);
  const vm = report.vm;
  const perModule = vm.moduleMs.length > 0 ? `, ${(median(vm.moduleMs) / 1000).toFixed(2)} s a module in the guest (median)` : "";
  const boots = `${vm.boots} boot${vm.boots === 1 ? "" : "s"} (${vm.accel}${vm.reboots > 0 ? `, ${vm.reboots} after a module took the guest down` : ""})`;
  out.push("");
  out.push(`${report.works} of ${report.total} work${others.length > 0 ? `; ${others.join(", ")}` : ""}; ${boots}${perModule}; ${(report.wallMs / 1000).toFixed(1)} s in all`);
  return `${out.join("\n")}\n`;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
