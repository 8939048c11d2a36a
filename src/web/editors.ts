// The playground's CodeMirror pieces: the editors, the marks on changed lines, the counterpart highlight, hover tooltips.
import { EditorState, type Extension, RangeSetBuilder, StateEffect, StateField, type Transaction } from "@codemirror/state";
import {
  Decoration,
  type DecorationSet,
  drawSelection,
  EditorView,
  highlightActiveLine,
  highlightActiveLineGutter,
  hoverTooltip,
  keymap,
  lineNumbers,
  type Tooltip,
} from "@codemirror/view";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { bracketMatching, defaultHighlightStyle, indentOnInput, syntaxHighlighting } from "@codemirror/language";
import { cpp } from "@codemirror/lang-cpp";
import { lintGutter } from "@codemirror/lint";

/** Lines to mark, 1-based, with the class that marks them. */
export const setLineMarks = StateEffect.define<{ lines: number[]; className: string }>();
/** Ranges of the other side's selected change, highlighted here. */
export const setCounterpart = StateEffect.define<{ from: number; to: number }[]>();

const lineMarks = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(marks, tr) {
    let next = marks.map(tr.changes);
    for (const effect of tr.effects) {
      if (!effect.is(setLineMarks)) continue;
      const builder = new RangeSetBuilder<Decoration>();
      const doc = tr.state.doc;
      const mark = Decoration.line({ class: effect.value.className });
      for (const line of [...effect.value.lines].sort((a, b) => a - b)) {
        if (line >= 1 && line <= doc.lines) builder.add(doc.line(line).from, doc.line(line).from, mark);
      }
      next = builder.finish();
    }
    return next;
  },
  provide: (field) => EditorView.decorations.from(field),
});

const counterpartMark = Decoration.mark({ class: "cm-counterpart" });
const counterpartLine = Decoration.line({ class: "cm-counterpart-line" });

const counterpart = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(marks, tr) {
    let next = marks.map(tr.changes);
    for (const effect of tr.effects) {
      if (!effect.is(setCounterpart)) continue;
      const length = tr.state.doc.length;
      const ranges = effect.value
        .map(({ from, to }) => ({ from: Math.min(from, length), to: Math.min(to, length) }))
        .sort((a, b) => a.from - b.from || a.to - b.to);
      const decorations = ranges.flatMap(({ from, to }) => {
        // An insertion or removal has no text on this side: mark the line it happened at instead.
        const line = tr.state.doc.lineAt(from);
        return from < to ? [counterpartMark.range(from, to)] : [counterpartLine.range(line.from)];
      });
      next = Decoration.set(decorations, true);
    }
    return next;
  },
  provide: (field) => EditorView.decorations.from(field),
});

const theme = EditorView.theme({
  "&": { height: "100%", fontSize: "13.5px" },
  ".cm-scroller": { fontFamily: "var(--mono)", lineHeight: "1.5" },
  ".cm-content": { tabSize: "8" },
});

/** The extensions both sides share: C highlighting, line numbers, change marks. */
function common(): Extension[] {
  return [
    lineNumbers(),
    highlightActiveLineGutter(),
    drawSelection(),
    highlightActiveLine(),
    bracketMatching(),
    syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
    lineMarks,
    counterpart,
    theme,
    EditorState.tabSize.of(8),
  ];
}

export interface EditorHooks {
  /** A tooltip for a position, or null. */
  hover(view: EditorView, pos: number): Tooltip | null;
  /** The user moved the cursor or the selection (a click, the arrow keys). */
  selected(view: EditorView, pos: number): void;
}

function interaction(hooks: EditorHooks): Extension[] {
  return [
    hoverTooltip((view, pos) => hooks.hover(view, pos), { hoverTime: 250 }),
    EditorView.updateListener.of((update) => {
      // Only a cursor the user placed: while the program is typed, its offsets run ahead of the last port.
      if (update.selectionSet && !update.docChanged && update.transactions.some((tr) => tr.isUserEvent("select"))) {
        hooks.selected(update.view, update.state.selection.main.head);
      }
    }),
  ];
}

/** The user's program: editable, with lint squiggles for diagnostics. */
export interface ProgramEditor {
  view: EditorView;
  /** A state for another file of the program, with its own undo history, to swap in with `view.setState()`. */
  stateFor(doc: string): EditorState;
}

export function programEditor(parent: HTMLElement, doc: string, hooks: EditorHooks, onChange: (pasted: boolean) => void): ProgramEditor {
  const extensions = [
    common(),
    history(),
    indentOnInput(),
    cpp(),
    lintGutter(),
    keymap.of([...defaultKeymap, ...historyKeymap, indentWithTab]),
    interaction(hooks),
    EditorView.updateListener.of((update) => {
      if (update.docChanged) onChange(isProgramPasted(update.transactions, update.state.doc.length));
    }),
    EditorView.contentAttributes.of({ "aria-label": "C program" }),
  ];
  const stateFor = (text: string) => EditorState.create({ doc: text, extensions });
  return { view: new EditorView({ parent, state: stateFor(doc) }), stateFor };
}

/**
 * Whether a paste (or a dropped file) brought in another program rather than a few lines: what it inserted is at least
 * half of the text now in the editor (a select-all and paste, or a paste into an empty editor).
 */
function isProgramPasted(transactions: readonly Transaction[], length: number): boolean {
  let pasted = 0;
  for (const tr of transactions) {
    if (tr.isUserEvent("input.paste") || tr.isUserEvent("input.drop")) tr.changes.iterChanges((_fromA, _toA, _fromB, _toB, inserted) => (pasted += inserted.length));
  }
  return pasted > 0 && pasted * 2 >= length;
}

/** A read-only view of generated text: the module (C) or the Makefile. */
export function outputEditor(parent: HTMLElement, label: string, language: "c" | "make", hooks?: EditorHooks): EditorView {
  return new EditorView({
    parent,
    state: EditorState.create({
      doc: "",
      extensions: [
        common(),
        EditorState.readOnly.of(true),
        language === "c" ? cpp() : [],
        hooks ? interaction(hooks) : [],
        keymap.of(defaultKeymap),
        EditorView.contentAttributes.of({ "aria-label": label }),
      ],
    }),
  });
}

/**
 * Replaces a read-only view's text by changing only what differs (the common start and end stay),
 * so the scroll position and the cursor stay where the reader left them while the program is typed.
 */
export function replaceText(view: EditorView, text: string): void {
  const old = view.state.doc.toString();
  if (old === text) return;
  let start = 0;
  const shorter = Math.min(old.length, text.length);
  while (start < shorter && old.charCodeAt(start) === text.charCodeAt(start)) start++;
  let end = 0;
  while (end < shorter - start && old.charCodeAt(old.length - 1 - end) === text.charCodeAt(text.length - 1 - end)) end++;
  const changes = { from: start, to: old.length - end, insert: text.slice(start, text.length - end) };
  // Another program altogether (an example picked, a file pasted): show the new text from its top.
  if (changes.insert.length > text.length / 2) {
    view.dispatch({ changes, selection: { anchor: 0 }, effects: EditorView.scrollIntoView(0, { y: "start" }) });
  } else {
    view.dispatch({ changes });
  }
}
