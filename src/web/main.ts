// The playground: the user's C program on the left, its kernel module on the right, ported in the browser as it is typed.
import "./playground.css";
import { setDiagnostics, type Diagnostic as LintDiagnostic } from "@codemirror/lint";
import { EditorView, type Tooltip } from "@codemirror/view";
import { type ExplainEdit, type ExplainRule, inlineSpans, renderHtml } from "../core/index.js";
import { changeMap, type ChangeMap, editsAt, rulesOf, type Side } from "./changes.js";
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
  tabs: [...document.querySelectorAll<HTMLButtonElement>("[role=tab]")],
  refusal: $<HTMLDivElement>("refusal"),
  explainFrame: $<HTMLIFrameElement>("explain"),
  downloadModule: $<HTMLButtonElement>("download-module"),
  downloadMakefile: $<HTMLButtonElement>("download-makefile"),
  change: $<HTMLElement>("change"),
  status: $<HTMLElement>("status"),
  moduleTitle: $<HTMLElement>("tab-module"),
};

let current: Port | undefined;
let changes: ChangeMap | undefined;
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

const initial = (await decodeState(location.hash)) ?? { code: DEFAULT_EXAMPLE.code, file: DEFAULT_EXAMPLE.file, name: "", style: "minimal" as const, kernel: "6.1" };
const program = programEditor($("program"), initial.code, hooks("source"), (pasted) => {
  // Another program pasted in is not greeting.c any more: "program.c" until its port names it.
  if (pasted) {
    ui.file.value = "program.c";
    namingPastedFile = true;
  }
  schedulePort();
});
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
  const source = program.state.doc.toString();
  const file = fileName();
  let port: Port;
  try {
    port = await engine.port(source, file, moduleName(), style, ui.kernel.value);
  } catch (e) {
    setStatus("error", (e as Error).message);
    return;
  }
  // A newer port has started, or the program changed while clang-format loaded (its own port is scheduled):
  // this port's offsets no longer fit the program on screen.
  if (mine !== generation || program.state.doc.toString() !== source) return;
  show(port);
  void saveState();
}

function show(port: Port): void {
  current = port;
  changes = changeMap(port.report);
  const { result, report } = port;
  const moduleFile = report.files.module ?? "module.c";

  program.dispatch(setDiagnostics(program.state, lintDiagnostics(port)), {
    effects: [setLineMarks.of({ lines: [...changes.sourceLines.keys()], className: "cm-removed" }), setCounterpart.of([])],
  });

  const refused = !result.ok || result.module === undefined;
  document.body.dataset.port = refused ? "refused" : "ok";
  showRefusal();
  if (refused) {
    const errors = report.diagnostics.filter((d) => d.severity === "error");
    ui.refusal.replaceChildren(
      element("h2", {}, `Not ported: ${plural(errors.length, "error")}`),
      element("p", {}, "kernelize refuses what it cannot port faithfully. Each problem is underlined in the program on the left; here is what to do about it."),
      ...report.diagnostics.map((d) => element("pre", { class: `diagnostic ${d.severity}` }, d.formatted)),
    );
    replaceText(moduleView, "");
    replaceText(makefileView, "");
  } else {
    replaceText(moduleView, result.module!);
    replaceText(makefileView, result.makefile ?? "");
  }
  moduleView.dispatch({ effects: [setLineMarks.of({ lines: [...changes.outputLines.keys()], className: "cm-changed" }), setCounterpart.of([])] });
  ui.moduleTitle.textContent = refused ? "module" : moduleFile;
  ui.downloadModule.disabled = refused;
  ui.downloadMakefile.disabled = refused;
  ui.downloadModule.textContent = `Download ${refused ? ".c" : moduleFile}`;
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

/** Diagnostics as squiggles on the program, each with its code, message and suggestion. */
function lintDiagnostics(port: Port): LintDiagnostic[] {
  const length = port.source.length;
  return port.result.diagnostics.map((d) => {
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
  if (!current || !changes || (side === "output" && !current.result.ok)) return [];
  const line = view.state.doc.lineAt(pos).number;
  return editsAt(current.report, changes, side, pos, line);
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
  other.dispatch({ effects: setCounterpart.of(edits.map((e) => ({ from: e[otherSide].start, to: e[otherSide].end }))) });
  const first = edits[0];
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
  const code = program.state.doc.toString();
  const loaded = examples.find((e) => e.code === code);
  ui.example.value = loaded?.id ?? "";
  ui.example.options[0]!.textContent = loaded ? PICK_EXAMPLE : "Your program";
}

/** After a paste: the file is named after the module the program makes (its functions' prefix), else program.c. */
function namePastedFile(port: Port): void {
  namingPastedFile = false;
  const module = port.result.names?.module;
  const file = moduleName() === "" && module && module !== "program" ? `${module}.c` : "program.c";
  if (file === ui.file.value) return;
  ui.file.value = file;
  schedulePort();
}

function wireControls(): void {
  ui.example.addEventListener("change", () => {
    const example = examples.find((e) => e.id === ui.example.value);
    if (!example) return;
    applyState({ code: example.code, file: example.file, name: "", style, kernel: ui.kernel.value }, true);
  });
  ui.file.addEventListener("input", () => schedulePort());
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
  for (const tab of ui.tabs) tab.addEventListener("click", () => selectTab(tab.dataset.tab!));
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape") closeChange();
  });
  ui.downloadModule.addEventListener("click", () => current?.result.module !== undefined && download(current.report.files.module ?? "module.c", current.result.module, "text/x-c"));
  ui.downloadMakefile.addEventListener("click", () => current?.result.makefile !== undefined && download("Makefile", current.result.makefile, "application/octet-stream"));
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
  ui.file.value = state.file;
  ui.moduleName.value = state.name;
  style = state.style;
  // A release the list does not offer is added to it, so that a shared link shows what it asked for.
  if (![...ui.kernel.options].some((o) => o.value === state.kernel)) ui.kernel.add(new Option(state.kernel, state.kernel));
  ui.kernel.value = state.kernel;
  for (const radio of ui.styleSwitch.querySelectorAll<HTMLInputElement>("input[name=style]")) radio.checked = radio.value === style;
  if (program.state.doc.toString() !== state.code) {
    program.dispatch({ changes: { from: 0, to: program.state.doc.length, insert: state.code }, selection: { anchor: 0 }, scrollIntoView: true });
  }
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

function fileName(): string {
  const name = ui.file.value.trim().replace(/^.*[\\/]/, "");
  return name === "" ? "user.c" : name;
}

async function saveState(): Promise<void> {
  const fragment = await encodeState({ code: program.state.doc.toString(), file: fileName(), name: moduleName(), style, kernel: ui.kernel.value });
  if (fragment === savedFragment) return;
  savedFragment = fragment;
  history.replaceState(null, "", `#${fragment}`);
}

function selectedTab(): string {
  return ui.tabs.find((t) => t.getAttribute("aria-selected") === "true")?.dataset.tab ?? "module";
}

function selectTab(name: string): void {
  // The pinned change points into the module, which another tab hides: it closes rather than
  // explaining lines no longer on screen.
  if (name !== "module") closeChange();
  for (const tab of ui.tabs) {
    const on = tab.dataset.tab === name;
    tab.setAttribute("aria-selected", String(on));
    $(`panel-${tab.dataset.tab}`).hidden = !on;
  }
  showRefusal();
  if (name === "explain") renderExplain();
  if (name === "makefile") makefileView.requestMeasure();
  if (name === "module") moduleView.requestMeasure();
}

/** A refused port has no module and no Makefile: their tabs say why instead; the explain tab tells it its own way. */
function showRefusal(): void {
  ui.refusal.hidden = !(current && !current.result.ok) || selectedTab() === "explain";
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
