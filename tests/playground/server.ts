// Starts `kernelize playground` (the built command, on any free port) for the playground's tests, and stops it.
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { cliPath } from "../helpers/paths.js";

export interface PlaygroundServer {
  url: string;
  process: ChildProcessWithoutNullStreams;
  stop(): Promise<void>;
}

/** Runs the command as a user would and reads the address it prints. */
export function startPlayground(args: string[] = ["--port", "0"]): Promise<PlaygroundServer> {
  const child = spawn(process.execPath, [cliPath, "playground", ...args], { stdio: ["pipe", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  return new Promise((started, failed) => {
    const timer = setTimeout(() => failed(new Error(`kernelize playground printed no address in 10 s: ${stdout}${stderr}`)), 10_000);
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /^kernelize playground: (http:\/\/\S+)\n/.exec(stdout);
      if (!match) return;
      clearTimeout(timer);
      started({
        url: match[1]!,
        process: child,
        stop: () =>
          new Promise<void>((stopped) => {
            if (child.exitCode !== null) return stopped();
            child.once("exit", () => stopped());
            child.kill("SIGTERM");
          }),
      });
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      failed(new Error(`kernelize playground exited ${code}: ${stdout}${stderr}`));
    });
  });
}
