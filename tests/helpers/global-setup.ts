// The whole suite writes its temporary files in one directory of its own, removed when the run ends: npm test leaves nothing in /tmp.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), "kernelize-tests-"));
  const before = process.env.TMPDIR;
  // The test workers are started after this, with this environment: os.tmpdir() is this directory in them and in what they run.
  process.env.TMPDIR = dir;
  return () => {
    rmSync(dir, { recursive: true, force: true });
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
  };
}
