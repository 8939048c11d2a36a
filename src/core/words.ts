// Whole-word search for the program's own names without making a regular expression of them: V8 refuses a pattern longer than about 32,768 characters, and a C identifier can be longer than that.

/** A character regular expressions call a word character (\w): what C identifiers are made of. */
function isWordChar(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
}

/**
 * The offsets where `name` occurs as a whole word in `text[from, to)`: what `/\bNAME\b/g` finds for
 * a name of word characters, found with indexOf.
 */
export function wordOffsets(text: string, name: string, from = 0, to = text.length): number[] {
  const found: number[] = [];
  if (name.length === 0) return found;
  for (let at = text.indexOf(name, from); at >= 0 && at + name.length <= to; at = text.indexOf(name, at + 1)) {
    const before = at > from ? text.charCodeAt(at - 1) : NaN;
    const after = at + name.length < to ? text.charCodeAt(at + name.length) : NaN;
    if (!isWordChar(before) && !isWordChar(after)) found.push(at);
  }
  return found;
}

/**
 * The run of word characters that ends `text` (trailing white space aside), or undefined: what
 * `/(\w+)\s*$/` captures, without that pattern's retry at every offset of a long word (quadratic
 * in the word's length: a minute for a 60,000-character name).
 */
export function lastWord(text: string): string | undefined {
  let end = text.length;
  while (end > 0 && /\s/.test(text[end - 1]!)) end--;
  let start = end;
  while (start > 0 && isWordChar(text.charCodeAt(start - 1))) start--;
  return start < end ? text.slice(start, end) : undefined;
}

/** Whether `name` occurs in `text` as a whole word. */
export function hasWord(text: string, name: string): boolean {
  return wordOffsets(text, name).length > 0;
}

/**
 * Every whole word of `text[from, to)` that is one of `names`, in order: what
 * `/\b(?:a|b|c)\b/g` finds, in one pass over the text whatever the number of names.
 */
export function wordsAmong(text: string, names: ReadonlySet<string>, from = 0, to = text.length): Array<{ word: string; index: number }> {
  const found: Array<{ word: string; index: number }> = [];
  if (names.size === 0) return found;
  // A word is cut out of the text (a new string) only when its length and first character could be a name's.
  const lengths = new Set<number>();
  const firsts = new Uint8Array(128);
  for (const name of names) {
    lengths.add(name.length);
    const first = name.charCodeAt(0);
    if (first < 128) firsts[first] = 1;
  }
  let i = from;
  while (i < to) {
    const code = text.charCodeAt(i);
    if (!isWordChar(code)) {
      i++;
      continue;
    }
    const start = i;
    while (i < to && isWordChar(text.charCodeAt(i))) i++;
    if (firsts[code] !== 1 || !lengths.has(i - start)) continue;
    const word = text.slice(start, i);
    if (names.has(word)) found.push({ word, index: start });
  }
  return found;
}

/**
 * The whole words of one text, indexed on the first search: what `wordsAmong(text, names)` finds,
 * for a text searched many times (each rule asks the program's source for its own names), at the
 * cost of one pass over the text instead of one per search.
 */
export class WordIndex {
  private offsets: Map<number, number[]> | undefined;

  constructor(private readonly text: string) {}

  among(names: ReadonlySet<string>): Array<{ word: string; index: number }> {
    if (names.size === 0) return [];
    const offsets = (this.offsets ??= indexWords(this.text));
    const found: Array<{ word: string; index: number }> = [];
    for (const name of names) {
      // The index holds the words that can be identifiers; any other name is searched for as before.
      if (!isIdentifierStart(name.charCodeAt(0))) {
        for (const index of wordOffsets(this.text, name)) if (isWholeRun(this.text, index, name.length)) found.push({ word: name, index });
        continue;
      }
      // A name with other characters than a word's is no word of the text.
      if (!isWholeRun(name, 0, name.length)) continue;
      // A bucket holds every word of the same hash: those that are this name start with it and end where it does.
      for (const index of offsets.get(wordHash(name, 0, name.length)) ?? []) {
        if (this.text.startsWith(name, index) && !isWordChar(this.text.charCodeAt(index + name.length))) found.push({ word: name, index });
      }
    }
    return found.sort((a, b) => a.index - b.index);
  }
}

function isIdentifierStart(code: number): boolean {
  return isWordChar(code) && !(code >= 48 && code <= 57);
}

/** `name` at `index` is a whole run of word characters (wordOffsets also checks this; a name with non-word characters never is one). */
function isWholeRun(text: string, index: number, length: number): boolean {
  for (let i = index; i < index + length; i++) if (!isWordChar(text.charCodeAt(i))) return false;
  return true;
}

/** A word's hash: its characters and its length, read from the text without cutting the word out of it. */
function wordHash(text: string, start: number, end: number): number {
  let h = 0;
  for (let i = start; i < end; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0;
  return withLength(h, end - start);
}

/** A hash of a word's characters mixed with its length. */
const withLength = (h: number, length: number) => (Math.imul(length, 0x9e3779b1) ^ h) | 0;

/**
 * Every run of word characters that starts like an identifier, its offsets in order by the run's
 * hash: no word is cut out of the text (a new string each, a million on a large program).
 */
function indexWords(text: string): Map<number, number[]> {
  const offsets = new Map<number, number[]>();
  const to = text.length;
  let i = 0;
  while (i < to) {
    const code = text.charCodeAt(i);
    if (!isWordChar(code)) {
      i++;
      continue;
    }
    const start = i;
    let h = 0;
    for (let c; i < to && isWordChar((c = text.charCodeAt(i))); i++) h = (Math.imul(h, 31) + c) | 0;
    if (!isIdentifierStart(code)) continue;
    const key = withLength(h, i - start);
    const list = offsets.get(key);
    if (list) list.push(start);
    else offsets.set(key, [start]);
  }
  return offsets;
}

/** `text` with each whole word that `replacements` maps replaced at once (C's own parameter substitution: no replacement is replaced again). */
export function replaceWords(text: string, replacements: ReadonlyMap<string, string>): string {
  let out = "";
  let last = 0;
  for (const { word, index } of wordsAmong(text, new Set(replacements.keys()))) {
    out += text.slice(last, index) + replacements.get(word)!;
    last = index + word.length;
  }
  return out + text.slice(last);
}
