// What a port is for: the layout of the output (the article's minimal diff, or the kernel's own
// style) and the kernel release whose API it must use.

export type PortStyle = "minimal" | "kernel";

/** A kernel release series, X.Y: what `--kernel` takes and the API table is keyed by. */
export interface KernelVersion {
  major: number;
  minor: number;
}

export interface PortTarget {
  style: PortStyle;
  kernel: KernelVersion;
  /**
   * The module is built with W=1, the kernel's extra warnings (scripts/Makefile.extrawarn): what a
   * port adds must not draw them either, whatever the style (init and exit get static linkage).
   */
  w1?: boolean;
  /** MODULE_AUTHOR() in kernel style; none is written when unknown. */
  author?: string;
  /** MODULE_DESCRIPTION(); by default the program's leading comment, else a line naming the program. */
  description?: string;
}

/** The release Debian 12 ships, whose headers the project's tests build against. */
export const DEFAULT_KERNEL: KernelVersion = { major: 6, minor: 1 };

export const DEFAULT_TARGET: PortTarget = { style: "minimal", kernel: DEFAULT_KERNEL };

/**
 * "6.12", "v5.15", "6.1.0-56-amd64" (a `uname -r` or a headers directory's release): the series.
 * Undefined when the text is not a version.
 */
export function parseKernelVersion(text: string): KernelVersion | undefined {
  const m = /^v?(\d+)\.(\d+)(?:[.\-+~].*)?$/.exec(text.trim());
  if (!m) return undefined;
  const major = Number(m[1]);
  const minor = Number(m[2]);
  if (major < 2 || major > 99 || minor > 99) return undefined;
  return { major, minor };
}

export function formatKernelVersion(v: KernelVersion): string {
  return `${v.major}.${v.minor}`;
}

/** Negative when a is older than b, 0 when equal, positive when newer. */
export function compareKernel(a: KernelVersion, b: KernelVersion): number {
  return a.major !== b.major ? a.major - b.major : a.minor - b.minor;
}

export function atLeast(v: KernelVersion, since: string): boolean {
  return compareKernel(v, parseKernelVersion(since)!) >= 0;
}

/** Orders release strings the way people read them: 6.10 after 6.9, -56 after -9. */
export function compareVersions(a: string, b: string): number {
  return a.localeCompare(b, "en", { numeric: true });
}
