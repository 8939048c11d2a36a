// Imports clang-format's ES module on first use. The bundled command runs as a script (for V8's
// code cache, src/cli/launch.ts), which has no import() of its own: scripts/bundle-cli.mjs puts
// one that goes through the launcher's import() in this module's place.
export function importClangFormat(): Promise<typeof import("@wasm-fmt/clang-format")> {
  return import("@wasm-fmt/clang-format");
}
