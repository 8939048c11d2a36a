// Shell completion written from the command definitions: bash completes commands, options, choices and files; zsh loads it.
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { completionScript } from "../../src/cli/completion.js";
import { buildProgram } from "../../src/cli/program.js";
import { cliPath } from "../helpers/paths.js";

const program = await buildProgram();
const bash = completionScript(program, "bash");
const zsh = completionScript(program, "zsh");
const hasZsh = spawnSync("zsh", ["-c", "true"]).status === 0;

/** What bash offers for the words typed so far (the last one being completed), in `cwd`. */
function complete(words: string[], cwd = tmpdir()): string[] {
  const dir = mkdtempSync(join(tmpdir(), "kernelize-completion-"));
  writeFileSync(join(dir, "script.bash"), bash);
  const quoted = words.map((w) => `'${w}'`).join(" ");
  const r = spawnSync("bash", ["-c", `source '${join(dir, "script.bash")}'; COMP_WORDS=(${quoted}); COMP_CWORD=${words.length - 1}; _kernelize_complete; printf '%s\\n' "\${COMPREPLY[@]}"`], {
    encoding: "utf8",
    cwd,
  });
  expect(r.stderr).toBe("");
  return r.stdout.split("\n").filter(Boolean).sort();
}

describe("kernelize completion bash", () => {
  it("is what the command prints, and bash reads it", () => {
    const r = spawnSync(process.execPath, [cliPath, "completion", "bash"], { encoding: "utf8" });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(bash);
    expect(spawnSync("bash", ["-n"], { input: bash }).status).toBe(0);
  });

  it("completes the commands, every one the program has", () => {
    expect(complete(["kernelize", ""])).toEqual([...program.commands.map((c) => c.name()), "help", "-h", "--help", "-V", "--version"].sort());
    expect(complete(["kernelize", "ex"])).toEqual(["explain"]);
  });

  it("completes each command's options, and their listed values", () => {
    expect(complete(["kernelize", "port", "--st"])).toEqual(["--style"]);
    expect(complete(["kernelize", "port", "--style", ""])).toEqual(["kernel", "minimal"]);
    expect(complete(["kernelize", "run", "--accel", ""])).toEqual(["auto", "kvm", "tcg"]);
    expect(complete(["kernelize", "lint", "--format", "s"])).toEqual(["sarif"]);
    expect(complete(["kernelize", "explain", "--format", ""])).toEqual(["html", "json", "md", "terminal"]);
    expect(complete(["kernelize", "check", "--kernel-i"])).toEqual(["--kernel-image"]);
    expect(complete(["kernelize", "doctor", "-"])).toContain("--install");
    expect(complete(["kernelize", "completion", ""])).toEqual(["bash", "zsh"]);
    // Every option of every command is offered.
    for (const command of program.commands) {
      const offered = complete(["kernelize", command.name(), "-"]);
      for (const o of command.options) expect(offered, `${command.name()} ${o.flags}`).toContain(o.long);
    }
  });

  it("completes files for operands and file options, nothing for free text", () => {
    const dir = mkdtempSync(join(tmpdir(), "kernelize-completion-files-"));
    writeFileSync(join(dir, "list.c"), "int main(void) { return 0; }\n");
    expect(complete(["kernelize", "port", "li"], dir)).toEqual(["list.c"]);
    expect(complete(["kernelize", "explain", "-o", "li"], dir)).toEqual(["list.c"]);
    expect(complete(["kernelize", "port", "--name", "li"], dir)).toEqual([]);
  });

  it("refuses a shell it does not write for, in the one error style", () => {
    const r = spawnSync(process.execPath, [cliPath, "completion", "fish"], { encoding: "utf8" });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("kernelize: error: command-argument value 'fish' is invalid for argument 'shell'. Allowed choices are bash, zsh.\n");
  });
});

describe.skipIf(!hasZsh && process.env.CI !== "true")("kernelize completion zsh", () => {
  it("zsh reads it, and sourced after compinit it registers the function for kernelize", () => {
    const dir = mkdtempSync(join(tmpdir(), "kernelize-completion-zsh-"));
    writeFileSync(join(dir, "_kernelize"), zsh);
    expect(spawnSync("zsh", ["-n", join(dir, "_kernelize")], { encoding: "utf8" }).stderr).toBe("");
    const r = spawnSync("zsh", ["-f", "-c", `autoload -U compinit && compinit -u -d '${join(dir, "dump")}' && source '${join(dir, "_kernelize")}' && print -r -- $_comps[kernelize]`], { encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("_kernelize\n");
  });

  it("has an _arguments spec for every command, with each option and its listed values", () => {
    for (const command of program.commands) {
      const line = zsh.split("\n").find((l) => l.trimStart().startsWith(`${command.name()}) _arguments`));
      expect(line, command.name()).toBeDefined();
      for (const o of command.options) expect(line, `${command.name()} ${o.flags}`).toContain(o.long);
    }
    expect(zsh).toContain("'--style[minimal or kernel]:value:(minimal kernel)'");
  });
});
