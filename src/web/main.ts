// The playground: the user's C program on the left, its kernel module on the right, ported in the browser as it is typed.
// A program of several files is one tab per file on the left, ported as one module of several objects, one tab per file on the right.
import "./playground.css";
import { setDiagnostics, type Diagnostic as LintDiagnostic } from "@codemirror/lint";
import { EditorView, type Tooltip } from "@codemirror/view";
import type { EditorState } from "@codemirror/state";
import { type ExplainEdit, type ExplainRule, inlineSpans, type ProgramFile, renderHtml } from "../core/index.js";
import { changeMap, type ChangeMap, editsAt, type FilesShown, rulesOf, type Side } from "./changes.js";
import { outputEditor, programEditor, replaceText, setCounterpart, setLineMarks, type EditorHooks } from "./editors.js";
import { loadEngine, type Engine, type Port } from "./engine.js";
import { DEFAULT_EXAMPLE, examples } from "./examples.js";
import { decodeState, encodeState, type PlaygroundState, type PortStyle } from "./share.js";

// Started before anything else, so the parser's WASM downloads and compiles while the page is built.
const engineLoading = loadEngine();

const $ = <T extends HTMLElement>(id: string): T => {
  const element = document.getElementById(id);
  if (!element) throw new Error(`index.html has no #${id}`);
  return element as T;
};

const ui = {
  example: $<HTMLSelectElement>("example"),
  file: $<HTMLInputElement>("file"),
  moduleName: $<HTMLInputElement>("module-name"),
  styleSwitch: $<HTMLFieldSetElement>("style"),
  kernel: $<HTMLSelectElement>("kernel"),
  share: $<HTMLButtonElement>("share"),
  fileTabs: $<HTMLDivElement>("file-tabs"),
  addFile: $<HTMLButtonElement>("add-file"),
  outputTabs: $<HTMLDivElement>("output-tabs"),
  makefileTab: $<HTMLButtonElement>("tab-makefile"),
  refusal: $<HTMLDivElement>("refusal"),
  explainFrame: $<HTMLIFrameElement>("explain"),
  downloadModule: $<HTMLButtonElement>("download-module"),
  downloadMakefile: $<HTMLButtonElement>("download-makefile"),
  change: $<HTMLElement>("change"),
  status: $<HTMLElement>("status"),
};

let current: Port | undefined;
let changes: ChangeMap | undefined;
/** The report's files on screen, for the marks and the changes under the cursor. */
let shown: FilesShown = { source: undefined, output: undefined };
/** The program's files as last left on screen; the active one's text is the editor's. */
let files: ProgramFile[] = [];
/** Each file's editor state, its undo history with it. */
let states: EditorState[] = [];
/** The file on screen on the left. */
let active = 0;
/** The module's file on screen on the right, by path, so it stays as the program is typed. */
let outputPath: string | undefined;
let explainShown: Port | undefined;
let style: PortStyle = "minimal";
let pending: ReturnType<typeof setTimeout> | undefined;
/** Counts ports started, so a slow one that finishes after a newer one is dropped. */
let generation = 0;
/** The fragment last written to the address bar. */
let savedFragment = "";
/** The picker's first entry, when the program on screen is one of its examples. */
const PICK_EXAMPLE = "Pick an example…";
/** A program was pasted: the next port names the file after it. */
let namingPastedFile = false;

const hooks = (side: Side): EditorHooks => ({
  hover: (view, pos) => changeTooltip(view, side, pos),
  selected: (view, pos) => selectChange(view, side, pos),
});

const initial: PlaygroundState = (await decodeState(location.hash)) ?? { files: DEFAULT_EXAMPLE.files, active: 0, name: "", style: "minimal", kernel: "6.1" };
const editor = programEditor($("program"), initial.files[initial.active]!.text, hooks("source"), (pasted) => {
  // Another program pasted in is not greeting.c any more: "program.c" until its port names it.
  if (pasted && files.length === 1) {
    ui.file.value = "program.c";
    files[0]!.path = "program.c";
    renderFileTabs();
    namingPastedFile = true;
  }
  schedulePort();
});
const program = editor.view;
const moduleView = outputEditor($("module"), "kernel module", "c", hooks("output"));
const makefileView = outputEditor($("makefile"), "Kbuild Makefile", "make");
applyState(initial, false);
fillExamplePicker();
wireControls();

let engine: Engine;
try {
  engine = await engineLoading;
} catch (e) {
  setStatus("error", `The C parser did not load: ${(e as Error).message}`);
  throw e;
}
await runPort();
// The first useful render: the module (or the refusal) is on screen. The e2e suite reads this mark.
requestAnimationFrame(() =>
  setTimeout(() => {
    performance.mark("kernelize:first-port");
    document.body.dataset.ready = "true";
  }),
);
registerOfflineCache();

// ---- porting ----------------------------------------------------------------------------------

function schedulePort(): void {
  clearTimeout(pending);
  pending = setTimeout(() => void runPort(), 120);
}

async function runPort(): Promise<void> {
  const mine = ++generation;
  const sources = programFiles();
  let port: Port;
  try {
    port = await engine.port(sources, moduleName(), style, ui.kernel.value);
  } catch (e) {
    setStatus("error", (e as Error).message);
    return;
  }
  // A newer port has started, or the program changed while clang-format loaded (its own port is scheduled):
  // this port's offsets no longer fit the program on screen.
  if (mine !== generation || !sameFiles(sources, programFiles())) return;
  show(port);
  void saveState();
}

function show(port: Port): void {
  current = port;
  const { report } = port;
  const refused = !port.ok;
  renderOutputTabs(port);
  document.body.dataset.port = refused ? "refused" : "ok";
  showRefusal();
  if (refused) {
    const errors = report.diagnostics.filter((d) => d.severity === "error");
    ui.refusal.replaceChildren(
      element("h2", {}, `Not ported: ${plural(errors.length, "error")}`),
      element("p", {}, `kernelize refuses what it cannot port faithfully. Each problem is underlined in the program on the left${files.length > 1 ? ", in its file's tab" : ""}; here is what to do about it.`),
      ...report.diagnostics.map((d) => element("pre", { class: `diagnostic ${d.severity}` }, d.formatted)),
    );
    replaceText(makefileView, "");
  } else {
    replaceText(makefileView, port.makefile ?? "");
  }
  showOutput();
  ui.downloadMakefile.disabled = refused;
  if (selectedTab() === "explain") renderExplain();
  showChange([], undefined);
  showLoadedExample();
  if (namingPastedFile) namePastedFile(port);

  const warnings = report.diagnostics.filter((d) => d.severity === "warning").length;
  const ms = port.elapsedMs < 10 ? port.elapsedMs.toFixed(1) : Math.round(port.elapsedMs).toString();
  if (refused) {
    setStatus("refused", `Refused in ${ms} ms: ${plural(report.diagnostics.filter((d) => d.severity === "error").length, "error")}${warnings ? `, ${plural(warnings, "warning")}` : ""}. No module.`);
  } else {
    const { stats } = report;
    setStatus(
      "ok",
      `Ported in ${ms} ms: ${plural(stats.edits, "edit")} by ${plural(stats.rules, "rule")}, +${stats.linesAdded} −${stats.linesRemoved} lines${warnings ? `, ${plural(warnings, "warning")}` : ""}.`,
    );
  }
}

/** Diagnostics as squiggles on the file on screen, each with its code, message and suggestion. */
function lintDiagnostics(port: Port): LintDiagnostic[] {
  const path = files[active]?.path;
  const length = program.state.doc.length;
  return port.diagnostics.filter((d) => d.file === path).map((d) => {
    // A diagnostic with no place (an empty program, no main()) underlines the first line.
    const from = Math.min(d.range?.start ?? 0, length);
    const to = Math.min(Math.max(d.range?.end ?? from, from), length);
    return {
      from,
      to,
      severity: d.severity === "note" ? "info" : d.severity,
      message: d.note ? `${d.message}\nnote: ${d.note}` : d.message,
      renderMessage: () =>
        element("div", { class: "lint-message" }, element("strong", {}, `${d.severity}[${d.code}]`), " ", d.message, ...(d.note ? [element("div", { class: "note" }, `note: ${d.note}`)] : [])),
    };
  });
}

// ---- changes: hover and selection --------------------------------------------------------------

function changeAt(view: EditorView, side: Side, pos: number): ExplainEdit[] {
  if (!current || !changes || shown[side] === undefined || (side === "output" && !current.ok)) return [];
  const line = view.state.doc.lineAt(pos).number;
  return editsAt(current.report, changes, side, pos, line, shown);
}

/** A compact card: each rule's name and one-line summary; the full explanation is one click away, in the panel. */
function changeTooltip(view: EditorView, side: Side, pos: number): Tooltip | null {
  const edits = changeAt(view, side, pos);
  if (edits.length === 0 || !current) return null;
  const line = view.state.doc.lineAt(pos);
  const rules = rulesOf(current.report, edits);
  return {
    pos: line.from,
    end: line.to,
    above: true,
    create: () => {
      const more = element("button", { type: "button", class: "more" }, "Why? Full explanation");
      more.addEventListener("click", () => selectChange(view, side, pos));
      return { dom: element("div", { class: "change-tooltip" }, ...rules.map((r) => ruleBlock(r, false)), more) };
    },
  };
}

function selectChange(view: EditorView, side: Side, pos: number): void {
  const edits = changeAt(view, side, pos);
  showChange(edits, side);
  const other = side === "source" ? moduleView : program;
  const otherSide: Side = side === "source" ? "output" : "source";
  // Only what the other side shows: an edit whose other end is in another file of the program is not marked here.
  const there = edits.filter((e) => (otherSide === "source" ? (e.file ?? 0) : (e.moduleFile ?? 0)) === shown[otherSide]);
  other.dispatch({ effects: setCounterpart.of(there.map((e) => ({ from: e[otherSide].start, to: e[otherSide].end }))) });
  const first = there[0];
  if (first) other.dispatch({ effects: EditorView.scrollIntoView(Math.min(first[otherSide].start, other.state.doc.length), { y: "nearest" }) });
}

/** The panel under the editors: the rules behind the change at the cursor, told in full, until closed. */
function showChange(edits: readonly ExplainEdit[], side: Side | undefined): void {
  delete ui.change.dataset.pinned;
  if (!current || edits.length === 0) {
    ui.change.replaceChildren(element("p", { class: "hint" }, "Hover over a marked line to see the rule behind the change; click it to keep the explanation here and see the same change on the other side."));
    return;
  }
  ui.change.dataset.pinned = "true";
  const where = side === "source" ? "This part of your program" : "This part of the module";
  const close = element("button", { type: "button", class: "close", title: "Close the explanation (Esc)", "aria-label": "Close the explanation" }, "×");
  close.addEventListener("click", () => closeChange());
  ui.change.replaceChildren(element("p", { class: "where" }, close, `${where}: ${plural(edits.length, "edit")}`), ...rulesOf(current.report, edits).map((r) => ruleBlock(r, true)));
}

/** Closes the pinned explanation and takes its highlight off both sides. */
function closeChange(): void {
  if (ui.change.dataset.pinned !== "true") return;
  showChange([], undefined);
  for (const view of [program, moduleView]) view.dispatch({ effects: setCounterpart.of([]) });
}

function ruleBlock(rule: ExplainRule, full: boolean): HTMLElement {
  return element(
    "section",
    { class: "rule", "data-rule": rule.id },
    element("h3", {}, element("code", {}, rule.id), rule.safety === "review" ? element("span", { class: "review" }, "review") : ""),
    element("p", { class: "summary" }, ...prose(rule.summary)),
    ...(full ? [element("p", { class: "explanation" }, ...prose(rule.explanation))] : []),
    ...(full && rule.docs.length > 0
      ? [element("p", { class: "docs" }, "Kernel docs: ", ...rule.docs.flatMap((url, i) => [i > 0 ? ", " : "", element("a", { href: url, target: "_blank", rel: "noopener noreferrer" }, url.replace(/^https:\/\//, ""))]))]
      : []),
  );
}

/** Explanation text with its code set apart, as every explain renderer does. */
function prose(text: string): (Node | string)[] {
  return inlineSpans(text).map((span) => (span.code ? element("code", {}, span.text) : span.text));
}

// ---- controls --------------------------------------------------------------------------------

function fillExamplePicker(): void {
  const groups = new Map<string, HTMLOptGroupElement>();
  ui.example.append(element("option", { value: "" }, PICK_EXAMPLE));
  for (const example of examples) {
    let group = groups.get(example.group);
    if (!group) {
      group = element("optgroup", { label: example.group });
      groups.set(example.group, group);
      ui.example.append(group);
    }
    group.append(element("option", { value: example.id, title: example.title }, example.id));
  }
}

/** The picker names the example on screen; a program of the user's own reads so, and the list is still there to pick from. */
function showLoadedExample(): void {
  const shown = programFiles();
  const loaded = examples.find((e) => sameFiles(e.files, shown));
  ui.example.value = loaded?.id ?? "";
  ui.example.options[0]!.textContent = loaded ? PICK_EXAMPLE : "Your program";
}

/** After a paste: the file is named after the module the program makes (its functions' prefix), else program.c. */
function namePastedFile(port: Port): void {
  namingPastedFile = false;
  if (files.length !== 1) return;
  const module = port.moduleName;
  const file = moduleName() === "" && module && module !== "program" ? `${module}.c` : "program.c";
  if (file === ui.file.value) return;
  ui.file.value = file;
  files[0]!.path = file;
  renderFileTabs();
  schedulePort();
}

function wireControls(): void {
  ui.example.addEventListener("change", () => {
    const example = examples.find((e) => e.id === ui.example.value);
    if (!example) return;
    applyState({ files: example.files, active: 0, name: example.name, style, kernel: ui.kernel.value }, true);
  });
  ui.file.addEventListener("input", () => {
    // A name typed is the user's: the port of a pasted program no longer names the file.
    namingPastedFile = false;
    if (!renameActiveFile()) return;
    renderFileTabs();
    schedulePort();
  });
  ui.addFile.addEventListener("click", () => addFile());
  ui.moduleName.addEventListener("input", () => schedulePort());
  ui.kernel.addEventListener("change", () => void runPort());
  for (const radio of ui.styleSwitch.querySelectorAll<HTMLInputElement>("input[name=style]")) {
    radio.addEventListener("change", () => {
      if (!radio.checked) return;
      style = radio.value === "kernel" ? "kernel" : "minimal";
      // The first switch to the kernel style downloads clang-format; say so while it does.
      if (style === "kernel") setStatus("loading", "Loading clang-format for the kernel style…");
      void runPort();
    });
  }
  for (const tab of ui.outputTabs.querySelectorAll<HTMLButtonElement>("[role=tab]")) tab.addEventListener("click", () => selectTab(tab.dataset.tab!));
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape") closeChange();
  });
  ui.downloadModule.addEventListener("click", () => {
    const output = shownOutput();
    if (output) download(output.path.replace(/^.*\//, ""), output.text, "text/x-c");
  });
  ui.downloadMakefile.addEventListener("click", () => current?.ok && current.makefile !== undefined && download("Makefile", current.makefile, "application/octet-stream"));
  ui.share.addEventListener("click", async () => {
    await saveState();
    try {
      await navigator.clipboard.writeText(location.href);
      flash(ui.share, "Link copied");
    } catch {
      flash(ui.share, "Copy the address bar");
    }
  });
  // A shared link pasted into this tab's address bar changes only the fragment.
  window.addEventListener("hashchange", async () => {
    if (location.hash === `#${savedFragment}`) return;
    const state = await decodeState(location.hash);
    if (state) applyState(state, true);
  });
}

function applyState(state: PlaygroundState, port: boolean): void {
  const same = sameFiles(state.files, programFiles());
  files = state.files.map((f) => ({ ...f }));
  active = Math.min(state.active, files.length - 1);
  if (!same) states = files.map((f) => editor.stateFor(f.text));
  ui.file.value = files[active]!.path;
  ui.file.setCustomValidity("");
  ui.moduleName.value = state.name;
  style = state.style;
  // A release the list does not offer is added to it, so that a shared link shows what it asked for.
  if (![...ui.kernel.options].some((o) => o.value === state.kernel)) ui.kernel.add(new Option(state.kernel, state.kernel));
  ui.kernel.value = state.kernel;
  for (const radio of ui.styleSwitch.querySelectorAll<HTMLInputElement>("input[name=style]")) radio.checked = radio.value === style;
  if (!same) program.setState(states[active]!);
  renderFileTabs();
  if (port) {
    clearTimeout(pending);
    void runPort();
  }
}

/** The module name typed, when it is one kernelize accepts (as `--name` does); empty otherwise. */
function moduleName(): string {
  const name = ui.moduleName.value.trim();
  const valid = name === "" || /^[A-Za-z_][A-Za-z0-9_]*$/.test(name);
  ui.moduleName.setCustomValidity(valid ? "" : "letters, digits and underscores, not starting with a digit");
  return valid ? name : "";
}

/**
 * The File field names the file on screen. One file may be named anything (user.c when the field is
 * empty); in a program of several, a name that is not .c or .h, a name another file has, or none, is
 * refused and the file keeps its own.
 */
function renameActiveFile(): boolean {
  const name = ui.file.value.trim().replace(/^.*[\\/]/, "");
  if (files.length === 1) {
    ui.file.setCustomValidity("");
    files[0]!.path = name === "" ? "user.c" : name;
    return true;
  }
  const problem =
    name === ""
      ? "give the file a name"
      : !/\.[ch]$/.test(name)
        ? "a file of a program is a .c file or a header (.h)"
        : files.some((f, i) => i !== active && f.path === name)
          ? "another file of the program has this name"
          : "";
  ui.file.setCustomValidity(problem);
  if (problem) return false;
  files[active]!.path = name;
  return true;
}

/** The program as it is on screen: every file, the one in the editor with the editor's text. */
function programFiles(): ProgramFile[] {
  return files.map((f, i) => (i === active ? { path: f.path, text: program.state.doc.toString() } : f));
}

function sameFiles(a: readonly ProgramFile[], b: readonly ProgramFile[]): boolean {
  return a.length === b.length && a.every((f, i) => f.path === b[i]!.path && f.text === b[i]!.text);
}

// ---- the program's files: tabs on the left -------------------------------------------------

function renderFileTabs(): void {
  const several = files.length > 1;
  ui.fileTabs.replaceChildren(
    ...files.map((f, i) => {
      const tab = element("button", { type: "button", role: "tab", class: "file-tab", "data-file": f.path, "aria-selected": String(i === active), title: i === active ? "The file on screen: rename it in the File field" : `Show ${f.path}` }, f.path);
      tab.addEventListener("click", () => switchFile(i));
      if (!several) return tab;
      const remove = element("button", { type: "button", class: "remove-file", "aria-label": `Remove ${f.path}`, title: `Remove ${f.path} from the program` }, "×");
      remove.addEventListener("click", () => removeFile(i));
      return element("span", { class: "file-tab-group" }, tab, remove);
    }),
  );
}

function switchFile(index: number): void {
  if (index === active || index >= files.length) return;
  files[active]!.text = program.state.doc.toString();
  states[active] = program.state;
  active = index;
  program.setState(states[active]!);
  ui.file.value = files[active]!.path;
  ui.file.setCustomValidity("");
  renderFileTabs();
  closeChange();
  // The marks and squiggles of the last port, for this file; the next port keeps them current.
  if (current) showMarks();
  // The module's file made from it, when it has one.
  if (current?.ok) {
    const made = current.outputs.find((o) => o.source === files[active]!.path);
    if (made && selectedTab() === "module") {
      outputPath = made.path;
      renderOutputTabs(current);
      showOutput();
    }
  }
  void saveState();
}

/** A new, empty file: file2.c (the next free number), on screen, its name selected in the File field for renaming. */
function addFile(): void {
  namingPastedFile = false;
  files[active]!.text = program.state.doc.toString();
  states[active] = program.state;
  let n = files.length + 1;
  while (files.some((f) => f.path === `file${n}.c`)) n++;
  files.push({ path: `file${n}.c`, text: "" });
  states.push(editor.stateFor(""));
  switchFile(files.length - 1);
  ui.file.focus();
  ui.file.select();
  schedulePort();
}

function removeFile(index: number): void {
  if (files.length < 2) return;
  files[active]!.text = program.state.doc.toString();
  states[active] = program.state;
  files.splice(index, 1);
  states.splice(index, 1);
  if (active >= index && active > 0) active--;
  program.setState(states[active]!);
  ui.file.value = files[active]!.path;
  ui.file.setCustomValidity("");
  renderFileTabs();
  closeChange();
  schedulePort();
}

// ---- the module's files: tabs on the right -------------------------------------------------

/** One tab per file of the module (one for a program of one file), before the Makefile's and the report's. */
function renderOutputTabs(port: Port): void {
  const selected = selectedTab();
  for (const old of ui.outputTabs.querySelectorAll(".output-tab")) old.remove();
  if (!port.outputs.some((o) => o.path === outputPath)) outputPath = port.outputs.find((o) => o.source === files[active]?.path)?.path ?? port.outputs[0]?.path;
  const outputs = port.outputs.length > 0 ? port.outputs : [undefined];
  outputs.forEach((o, i) => {
    const on = selected === "module" && (o === undefined || o.path === outputPath);
    const tab = element(
      "button",
      { type: "button", role: "tab", class: "output-tab", "data-tab": "module", "data-output": o?.path ?? "", "aria-selected": String(on), "aria-controls": "panel-module", ...(i === 0 ? { id: "tab-module" } : {}) },
      o?.path ?? "module",
    );
    tab.addEventListener("click", () => {
      if (o) outputPath = o.path;
      selectTab("module");
      showOutput();
    });
    ui.outputTabs.insertBefore(tab, ui.makefileTab);
  });
}

function shownOutput(): Port["outputs"][number] | undefined {
  return current?.outputs.find((o) => o.path === outputPath);
}

/** The module's file of the selected tab in its editor, with its marks; the download button saves it. */
function showOutput(): void {
  const output = shownOutput();
  replaceText(moduleView, output?.text ?? "");
  showMarks();
  ui.downloadModule.disabled = output === undefined;
  ui.downloadModule.textContent = `Download ${output ? output.path.replace(/^.*\//, "") : ".c"}`;
  for (const tab of ui.outputTabs.querySelectorAll<HTMLElement>(".output-tab")) tab.setAttribute("aria-selected", String(selectedTab() === "module" && tab.dataset.output === (output?.path ?? "")));
}

/** The changed lines and squiggles of the files on screen, both sides. */
function showMarks(): void {
  if (!current) return;
  const output = shownOutput();
  shown = {
    source: current.sideOf.get(files[active]?.path ?? ""),
    output: output ? current.outputs.indexOf(output) : undefined,
  };
  changes = changeMap(current.report, shown);
  program.dispatch(setDiagnostics(program.state, lintDiagnostics(current)), {
    effects: [setLineMarks.of({ lines: [...changes.sourceLines.keys()], className: "cm-removed" }), setCounterpart.of([])],
  });
  moduleView.dispatch({ effects: [setLineMarks.of({ lines: [...changes.outputLines.keys()], className: "cm-changed" }), setCounterpart.of([])] });
}

async function saveState(): Promise<void> {
  const fragment = await encodeState({ files: programFiles(), active, name: moduleName(), style, kernel: ui.kernel.value });
  if (fragment === savedFragment) return;
  savedFragment = fragment;
  history.replaceState(null, "", `#${fragment}`);
}

function selectedTab(): string {
  return [...ui.outputTabs.querySelectorAll<HTMLElement>("[role=tab]")].find((t) => t.getAttribute("aria-selected") === "true")?.dataset.tab ?? "module";
}

function selectTab(name: string): void {
  // The pinned change points into the module, which another tab hides: it closes rather than
  // explaining lines no longer on screen.
  if (name !== "module") closeChange();
  for (const tab of ui.outputTabs.querySelectorAll<HTMLElement>("[role=tab]")) {
    const on = tab.dataset.tab === name && (name !== "module" || (tab.dataset.output ?? "") === (shownOutput()?.path ?? ""));
    tab.setAttribute("aria-selected", String(on));
    $(`panel-${tab.dataset.tab}`).hidden = tab.dataset.tab !== name;
  }
  showRefusal();
  if (name === "explain") renderExplain();
  if (name === "makefile") makefileView.requestMeasure();
  if (name === "module") moduleView.requestMeasure();
}

/** A refused port has no module and no Makefile: their tabs say why instead; the explain tab tells it its own way. */
function showRefusal(): void {
  ui.refusal.hidden = !(current && !current.ok) || selectedTab() === "explain";
}

/** The explain tab shows the same self-contained HTML page `kernelize explain --format html` writes. */
function renderExplain(): void {
  if (!current || explainShown === current) return;
  explainShown = current;
  ui.explainFrame.srcdoc = renderHtml(current.report);
}

/** Saves text as a file; a type with no file extension of its own, so "Makefile" is not saved as "Makefile.txt". */
function download(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = element("a", { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

// ---- small helpers --------------------------------------------------------------------------

function setStatus(state: string, text: string): void {
  ui.status.dataset.state = state;
  ui.status.textContent = text;
}

function flash(button: HTMLButtonElement, text: string): void {
  const before = button.textContent;
  button.textContent = text;
  setTimeout(() => (button.textContent = before), 1500);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Record<string, string>, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

/** Once loaded, the app works offline: a service worker keeps its files (see service-worker.ts). */
function registerOfflineCache(): void {
  if (!("serviceWorker" in navigator) || !window.isSecureContext) return;
  navigator.serviceWorker.register("./sw.js").catch((e: unknown) => console.warn("kernelize playground: no offline cache:", e));
}
