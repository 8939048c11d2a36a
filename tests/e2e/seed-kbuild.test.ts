// End to end through the command: `kernelize build` and `kernelize run` on the article's program, as a user types them.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { buildParts, itNeeds, runParts } from "../helpers/parts.js";
import { cliPath, repoRoot, seedDir } from "../helpers/paths.js";
import { withoutProgress } from "../helpers/progress.js";

interface Ran {
  status: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs the built command asynchronously, so that tests in other files keep running while QEMU boots. */
function kernelize(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Ran> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], { cwd: options.cwd ?? repoRoot, env: options.env ?? process.env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (c: string) => (stdout += c));
    child.stderr.setEncoding("utf8").on("data", (c: string) => (stderr += c));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr, ms: performance.now() - started }));
  });
}

const scratch = () => mkdtempSync(join(tmpdir(), "kernelize-e2e-"));
const seed = join(seedDir, "user_code.c");
const withHeaders = itNeeds(buildParts);
const withVm = itNeeds(runParts);

describe("kernelize run on the seed", () => {
  withVm(
    "`kernelize run ../shared/seed/user_code.c` prints <6>hello and <6>goodbye, load and unload ok, exit 0",
    async () => {
      // The path exactly as the issue writes it, from the checkout.
      const r = await kernelize(["run", relative(repoRoot, seed)]);
      expect(withoutProgress(r.stderr)).toBe("");
      expect(r.stdout).toMatch(/^load: +ok$/m);
      expect(r.stdout).toMatch(/^unload: +ok$/m);
      expect(r.stdout).toMatch(/^log:\n<6>hello\n<6>goodbye\n$/m);
      expect(r.status).toBe(0);
    },
    90_000,
  );

  withVm(
    "--format json gives the build, load, unload and log as data",
    async () => {
      const r = await kernelize(["run", seed, "--name", "kernel_code", "--format", "json"]);
      expect(r.status).toBe(0);
      const result = JSON.parse(r.stdout);
      expect(result.build).toMatchObject({ ok: true, warnings: [], errors: [] });
      expect(result.module.name).toBe("kernel_code");
      expect(result.load).toMatchObject({ ok: true });
      expect(result.unload).toMatchObject({ ok: true });
      expect(result.log.map((l: { level: number; text: string }) => `<${l.level}>${l.text}`)).toEqual(["<6>hello", "<6>goodbye"]);
      expect(["kvm", "tcg"]).toContain(result.accel);
    },
    90_000,
  );

  withVm(
    "a module that fails to load exits 1 and says why",
    async () => {
      const dir = scratch();
      const file = join(dir, "nomem.c");
      writeFileSync(
        file,
        '#include <linux/module.h>\nstatic int __init nomem_init(void)\n{\n\tpr_err("nomem: no memory\\n");\n\treturn -ENOMEM;\n}\nmodule_init(nomem_init);\nMODULE_LICENSE("GPL");\n',
      );
      const r = await kernelize(["run", file]);
      expect(r.status).toBe(1);
      expect(r.stdout).toMatch(/^load: +failed: ENOMEM \(Cannot allocate memory\)$/m);
      expect(r.stdout).toMatch(/^unload: +not attempted$/m);
      expect(r.stdout).toMatch(/^log:\n<3>nomem: no memory\n$/m);
    },
    90_000,
  );
});

describe("kernelize run with a build error", () => {
  withVm(
    "reports the error at the user's line, stops the guest it started, and exits 1",
    async () => {
      const dir = scratch();
      const file = join(dir, "words.c");
      writeFileSync(
        file,
        '#include <stdio.h>\n#include <stdlib.h>\n#include <string.h>\n#include <errno.h>\n\nstatic int words_count(const char *s)\n{\n\tint *n = s;\n\treturn *n;\n}\n\nint main(void)\n{\n\tprintf("%d\\n", words_count("a b"));\n\treturn 0;\n}\n',
      );
      // The guest boots while the module builds; the command returns only once QEMU has exited.
      const r = await kernelize(["run", file]);
      expect(r.status).toBe(1);
      expect(r.stderr).toContain(`${file}:8:18: error: initialization of 'int *' from incompatible pointer type 'const char *' [-Werror=incompatible-pointer-types]\n`);
      expect(r.stdout).toBe("build:  failed (1 error)\n");
    },
    90_000,
  );
});

describe("kernelize build", () => {
  withHeaders(
    "ports and builds the seed as kernel_code with no warnings, keeping the .ko with -o",
    async () => {
      const out = scratch();
      const r = await kernelize(["build", seed, "--name", "kernel_code", "-o", out]);
      expect(r.status).toBe(0);
      expect(withoutProgress(r.stderr)).toMatch(/^kernelize: built kernel_code\.ko \(.*kernel_code\.ko\) against \S+: 0 errors, 0 warnings\n$/);
      // Not a terminal: the build has its line when make took a second or more (a warm build of the
      // seed can take less: which steps get a line is showsResultLine's, tested in tests/cli/progress.test.ts);
      // the port, kernelize's own work, never has one.
      const buildLine = r.stderr.split("\n").find((l) => l.startsWith("  build "));
      if (buildLine !== undefined) expect(buildLine).toMatch(/^ {2}build +\d+\.\d\d s {2}kernel_code\.ko, 0 warnings$/);
      expect(r.stderr).not.toMatch(/^ {2}port /m);
      const quiet = await kernelize(["build", seed, "--name", "kernel_code", "-q"]);
      expect(quiet.status).toBe(0);
      expect(quiet.stderr).toBe("");
      expect(existsSync(join(out, "kernel_code.ko"))).toBe(true);
      expect(readdirSync(out)).toEqual(expect.arrayContaining(["kernel_code.c", "Makefile", "kernel_code.ko"]));
    },
    60_000,
  );

  withHeaders(
    "a W=1 build gets a port made for it: init and exit static, no warning (-Wmissing-prototypes drew two)",
    async () => {
      // W=1 among make's arguments: the port is made for that build.
      const out = scratch();
      const r = await kernelize(["build", seed, "--name", "kernel_code", "-o", out, "--", "W=1"]);
      expect(r.status).toBe(0);
      expect(withoutProgress(r.stderr)).toMatch(/: 0 errors, 0 warnings\n$/);
      const module = readFileSync(join(out, "kernel_code.c"), "utf8");
      expect(module).toMatch(/^static int example_init\(void\)$/m);
      expect(module).toMatch(/^static void example_exit\(void\)$/m);
      // --w1 says the same, and builds with W=1.
      const flag = await kernelize(["build", seed, "--name", "kernel_code", "--w1", "-v"]);
      expect(flag.status).toBe(0);
      expect(flag.stderr).toMatch(/porting for Linux \S+ \(.*\), minimal style, built with W=1/);
      expect(withoutProgress(flag.stderr)).toMatch(/: 0 errors, 0 warnings\n$/);
      // A warning only W=1 gives, the program's own: --w1 builds with W=1.
      const file = join(scratch(), "spare.c");
      writeFileSync(file, '#include <stdio.h>\n\nint main(void)\n{\n\tint spare;\n\n\tspare = 5;\n\tprintf("hi\\n");\n\treturn 0;\n}\n');
      const own = await kernelize(["build", file, "--w1"]);
      expect(own.stderr).toContain(`${file}:5:13: warning: variable 'spare' set but not used [-Wunused-but-set-variable]`);
      expect(withoutProgress(own.stderr)).toMatch(/: 0 errors, 1 warning\n$/);
    },
    90_000,
  );

  withHeaders(
    "shows a compile error at the user's line, then the ported line, and exits 1",
    async () => {
      const dir = scratch();
      const file = join(dir, "words.c");
      writeFileSync(
        file,
        '#include <stdio.h>\n#include <stdlib.h>\n#include <string.h>\n#include <errno.h>\n\nstatic int words_count(const char *s)\n{\n\tint *n = s;\n\treturn *n;\n}\n\nint main(void)\n{\n\tprintf("%d\\n", words_count("a b"));\n\treturn 0;\n}\n',
      );
      const r = await kernelize(["build", file]);
      expect(r.status).toBe(1);
      expect(r.stderr).toContain(`${file}:8:18: error: initialization of 'int *' from incompatible pointer type 'const char *' [-Werror=incompatible-pointer-types]\n    8 |         int *n = s;\n      |                  ^\n`);
      expect(r.stderr).toMatch(/in the ported module, words\.c:5:18:/);
      expect(r.stderr).toMatch(/kernelize: build failed: 1 error, 0 warnings\n$/);
    },
    60_000,
  );
});

describe("bad input and missing parts", () => {
  it("refuses a missing file with exit code 2", async () => {
    const r = await kernelize(["build", join(scratch(), "nope.c")]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^kernelize: error: .*nope\.c: no such file or directory\n$/);
  });

  it("names the package when QEMU is missing, before building anything, with exit code 69", async () => {
    const bin = scratch();
    symlinkSync(process.execPath, join(bin, "node"));
    const r = await kernelize(["run", seed], { env: { ...process.env, PATH: bin } });
    expect(r.status).toBe(69);
    expect(r.stderr).toBe(
      "kernelize: error: qemu-system-x86_64 is not installed: install qemu-system-x86 (apt-get install -y qemu-system-x86), or run `kernelize doctor --install`\n",
    );
  });

  it("refuses a bad --timeout and a bad --format with exit code 2", async () => {
    expect((await kernelize(["run", seed, "--timeout", "soon"])).status).toBe(2);
    expect((await kernelize(["run", seed, "--format", "yaml"])).status).toBe(2);
  });
});
