// Node entry point: the browser-safe core, with the C grammar loaded from the installed tree-sitter-c package.
export * from "./core/index.js";
export { loadC, loadClangFormat, translate, translateProgram } from "./node-language.js";
