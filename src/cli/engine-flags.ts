// V8 settings for a one-shot command, applied before anything compiles the parser's WebAssembly.
import { setFlagsFromString } from "node:v8";

// V8 first compiles WebAssembly with its baseline compiler (Liftoff), then re-compiles hot code
// with its optimizing compiler in the background, and a process waits for that work before it
// exits. Measured on the CLI (2 cores): porting the seed takes 0.17 s with tier-up and 0.12 s
// without; a 50,000-line program 0.53 s and 0.50 s. A command that parses once never earns the
// optimized code back, so it stays on the baseline compiler.
setFlagsFromString("--liftoff-only");
