// The syntax tree read into JavaScript once per parse, straight from tree-sitter's memory.
//
// web-tree-sitter answers every question about a node (its type, a child, a field) with a call
// into WebAssembly, and the node copied into WASM memory before each: a port asks millions of
// them, and they were most of a large port's time. A parse's tree never changes, so it is read
// once, here, into plain objects the analyses ask as often as they like, the way a compiler's
// binder hands its checker a tree of its own.
//
// The reading follows tree-sitter's own definitions in the pinned runtime (lib/subtree.h,
// lib/node.c, lib/tree_cursor.c of web-tree-sitter 0.25.10): which subtrees are visible, how
// hidden ones lend their children to their parent, aliases, fields, and UTF-16 offsets (web-tree-sitter
// parses JavaScript strings, two bytes a code unit). A language whose tables do not read as the
// layout says (another runtime) is refused when it is loaded, never read wrongly;
// tests/core/syntax-tree.test.ts compares every node of every fixture with web-tree-sitter's answers.
import type { Language, Tree } from "web-tree-sitter";
import { LineIndex } from "./diagnostics.js";

/** web-tree-sitter's emscripten module: the object given to Parser.init, where the runtime keeps its memory views. */
export interface WasmRuntime {
  HEAPU8?: Uint8Array;
}

const ERROR_SYMBOL = 65535;

/** What the reader needs of a loaded language: its tables, read once. */
export class LanguageTables {
  private constructor(
    /** Type name by symbol (aliases included); "ERROR" for the error symbol. */
    readonly symbolNames: readonly string[],
    readonly symbolNamed: Uint8Array,
    /** Field name by field id (0: none). */
    readonly fieldNames: readonly (string | null)[],
    readonly fieldIds: ReadonlyMap<string, number>,
    private readonly address: number,
    private readonly fieldCount: number,
    private readonly maxAliasLength: number,
  ) {}

  /** Reads and checks a language's tables; throws where they do not read as tree-sitter 0.25 lays them out. */
  static read(runtime: WasmRuntime, language: Language): LanguageTables {
    const heap = runtime.HEAPU8;
    const address = (language as unknown as { [0]: number })[0];
    if (!heap || !address) {
      // web-tree-sitter makes its runtime once per process, from the options the first Parser.init() gets.
      throw new Error("web-tree-sitter was set up before kernelize loaded its grammar (another user of it in this process), so kernelize cannot read its trees: load kernelize's grammar first");
    }
    const u32 = new Uint32Array(heap.buffer);
    const at = (offset: number) => u32[(address + offset) >> 2]!;
    const symbolCount = at(4) + at(8);
    const fieldCount = at(32);
    const maxAliasLength = new Uint16Array(heap.buffer)[(address + 36) >> 1]!;
    const cString = (p: number) => {
      let end = p;
      while (heap[end] !== 0) end++;
      return new TextDecoder().decode(heap.subarray(p, end));
    };
    const symbolNames: string[] = [];
    const symbolNamed = new Uint8Array(symbolCount);
    const names = at(56);
    const metadata = at(72);
    for (let s = 0; s < symbolCount; s++) {
      symbolNames.push(cString(u32[(names >> 2) + s]!));
      symbolNamed[s] = heap[metadata + s * 3 + 1]!;
    }
    const fieldNames: (string | null)[] = [null];
    const fieldNameTable = at(60);
    for (let f = 1; f <= fieldCount; f++) fieldNames.push(cString(u32[(fieldNameTable >> 2) + f]!));
    // The runtime's own view of the same tables: a layout that reads otherwise is not the one this reader knows.
    const same = language.types.every((t, s) => t === undefined || t === symbolNames[s]) && language.fields.every((f, i) => f === fieldNames[i]);
    if (!same || symbolNames.length !== language.types.length) {
      throw new Error("the C grammar's tables do not read as web-tree-sitter 0.25.10 lays them out: kernelize needs its pinned tree-sitter runtime");
    }
    const fieldIds = new Map<string, number>();
    fieldNames.forEach((f, i) => f && fieldIds.set(f, i));
    return new LanguageTables(symbolNames, symbolNamed, fieldNames, fieldIds, address, fieldCount, maxAliasLength);
  }

  private namedTypes: Set<string> | undefined;
  /** Whether every type is the name of named nodes only (`identifier`, not `;`). */
  allNamed(types: readonly string[]): boolean {
    if (!this.namedTypes) {
      // A name some anonymous symbol also has ("ERROR" aside) is not one a named walk can find.
      const anonymous = new Set(this.symbolNames.filter((_, s) => !this.symbolNamed[s]));
      this.namedTypes = new Set(this.symbolNames.filter((n, s) => this.symbolNamed[s] && !anonymous.has(n)));
      this.namedTypes.add("ERROR");
    }
    for (const t of types) if (!this.namedTypes.has(t)) return false;
    return true;
  }

  /** Reads a parsed tree; `text` is the string it was parsed from. */
  readTree(runtime: WasmRuntime, tree: Tree, text: string): SyntaxTree {
    return new SyntaxTree(this, tree, text, new TreeReader(this, runtime));
  }

  /** Per production, the field of each structural child (0: none), read once: the language's tables never change. */
  private fieldsByProduction: Uint16Array[] | undefined;

  /** @internal the memory the reader needs (offsets from tree-sitter's parser.h). */
  layout(u8: Uint8Array<ArrayBufferLike>) {
    const u16 = new Uint16Array(u8.buffer);
    const u32 = new Uint32Array(u8.buffer);
    const at = (offset: number) => u32[(this.address + offset) >> 2]!;
    this.fieldsByProduction ??= Array.from({ length: at(28) }, (_, production) => {
      const fields: number[] = [];
      if (this.fieldCount === 0) return new Uint16Array(0);
      const slice = at(64) + production * 4;
      const first = u16[slice >> 1]!;
      const length = u16[(slice + 2) >> 1]!;
      for (let e = 0; e < length; e++) {
        const entry = at(68) + (first + e) * 4;
        // An inherited entry is the hidden child's own field, found when its children are read.
        const child = u8[entry + 2]!;
        if (u8[entry + 3] === 0 && !fields[child]) fields[child] = u16[entry >> 1]!;
      }
      return Uint16Array.from(fields, (f) => f ?? 0);
    });
    return { maxAliasLength: this.maxAliasLength, aliasSequences: at(84), fields: this.fieldsByProduction };
  }
}

/** A node's named descendants (itself included) in document order, and the same by type. */
interface NamedDescendants {
  all: Node[];
  byType: Map<string, Node[]>;
}

/** A parsed tree: its nodes, the text they were parsed from, and the runtime's tree for an incremental parse or a query. */
export class SyntaxTree {
  readonly rootNode: Node;
  /** node id (tree-sitter's) -> node, made when a query's captures are mapped. */
  private byId: Map<number, Node> | undefined;
  private lines: LineIndex | undefined;
  private deleted = false;

  constructor(
    readonly tables: LanguageTables,
    /** web-tree-sitter's tree: kept for an incremental re-parse and for queries, deleted with this. */
    readonly raw: Tree,
    readonly text: string,
    private readonly reader: TreeReader,
  ) {
    this.rootNode = reader.root(this, (raw as unknown as { [0]: number })[0]);
  }

  edit(edit: Parameters<Tree["edit"]>[0]): void {
    this.raw.edit(edit);
  }

  /**
   * @internal The top-level nodes `donor` (the parse this one re-parsed) has read that end by
   * `unchanged` (before the first edit, where both texts agree), by the address of their subtree:
   * where tree-sitter reused a subtree, this tree takes the donor's nodes of it instead of reading
   * them again (the same subtree at the same offset has the same nodes, down to their ids). Asked
   * before the donor is deleted, whose memory the addresses are read from.
   */
  adopt(donor: SyntaxTree, unchanged: number): void {
    const root = donor.rootNode;
    const read = root.readChildren();
    if (read.length === 0) return;
    const donors = new Map<number, Node>();
    for (const n of read) {
      const address = n.endIndex <= unchanged ? this.reader.subtreeAddress(n.id) : undefined;
      if (address !== undefined) donors.set(address, n);
    }
    if (donors.size > 0) this.donors = donors;
  }
  /** @internal the donor's top-level nodes by subtree address, until this tree's top level is read. */
  donors: Map<number, Node> | undefined;

  /** Nodes walked once for named types (null), and those walked again, with what the walk finds. */
  private walked: Map<Node, NamedDescendants | null> | undefined;

  /**
   * @internal What a walk of `node` for named types finds, once the node is walked a second time:
   * the analyses ask the same bodies for declarations, identifiers, returns and calls one after
   * another, and a second walk reads every named descendant into lists by type that answer the rest.
   */
  walkIndex(node: Node): NamedDescendants | undefined {
    const walked = (this.walked ??= new Map());
    const known = walked.get(node);
    if (known) return known;
    if (known === undefined) {
      walked.set(node, null);
      return undefined;
    }
    const index: NamedDescendants = { all: [], byType: new Map() };
    const stack: Node[] = [node];
    while (stack.length > 0) {
      const n = stack.pop()!;
      if (n.endIndex === 0) continue;
      if (n.isNamed) {
        index.all.push(n);
        const list = index.byType.get(n.type);
        if (list) list.push(n);
        else index.byType.set(n.type, [n]);
      }
      const children = n.childrenToWalk;
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
    }
    walked.set(node, index);
    return index;
  }

  delete(): void {
    this.deleted = true;
    this.walked = undefined;
    this.raw.delete();
  }

  /**
   * @internal a node's children, read from the tree's memory the first time they are asked for;
   * `named`, the node's named children where they were read first, are the same objects here.
   */
  childrenOf(node: Node, named: readonly Node[] | undefined): readonly Node[] {
    if (this.deleted) throw new Error(`internal error: a ${node.type} node was read after its syntax tree was deleted`);
    return this.reader.children(node, named);
  }

  /** @internal a node's named children alone; anonymousOfLastRead() then tells what its anonymous ones hold. */
  namedChildrenOf(node: Node): readonly Node[] {
    if (this.deleted) throw new Error(`internal error: a ${node.type} node was read after its syntax tree was deleted`);
    return this.reader.namedChildren(node);
  }

  /** @internal What the anonymous children of the node namedChildrenOf() read last hold (ANONYMOUS_INNER, ANONYMOUS_FIELD). */
  anonymousOfLastRead(): number {
    return this.reader.anonymous;
  }

  /** The node of this tree with tree-sitter's id and span, as a query's capture names it. */
  nodeWithId(id: number, start: number, end: number): Node | undefined {
    for (let n: Node | null = this.rootNode.descendantForIndex(start, end); n; n = n.parent) if (n.id === id) return n;
    if (!this.byId) {
      this.byId = new Map();
      const stack = [this.rootNode];
      while (stack.length > 0) {
        const n = stack.pop()!;
        this.byId.set(n.id, n);
        for (const c of n.children) stack.push(c);
      }
    }
    return this.byId.get(id);
  }

  /** Row and column (both from 0, in UTF-16 code units) of an offset. */
  position(offset: number): { row: number; column: number } {
    const p = (this.lines ??= new LineIndex(this.text)).position(offset);
    return { row: p.line - 1, column: p.column - 1 };
  }

}

const NO_CHILDREN: readonly Node[] = Object.freeze([]);
const NAMED = 1;
const MISSING = 2;
const EXTRA = 4;
const HAS_ERROR = 8;
const LEAF = 16;
/** Some anonymous child has children of its own (a walk for named nodes must go through it). */
const ANONYMOUS_INNER = 32;
/**
 * Some anonymous child is held in a field (`operator`): that field's child may not be among the
 * named ones. The field's id is kept in the bits from ANONYMOUS_FIELD_SHIFT up (SEVERAL_FIELDS
 * where anonymous children are held in more than one field).
 */
const ANONYMOUS_FIELD = 64;
const ANONYMOUS_FIELD_SHIFT = 8;
const SEVERAL_FIELDS = 0xff;

/**
 * The tree a top-level definition's nodes belong to, shared by all of them: when a re-parse takes
 * the definition's nodes from the earlier parse (SyntaxTree.adopt), they move to the new tree by
 * one assignment here, not a walk over every node read below it.
 */
interface TreeHome {
  tree: SyntaxTree;
}

/** A node of a syntax tree: web-tree-sitter's Node's questions, answered from memory. */
export class Node {
  // The fields are declared, not defined, and set by the constructor alone: a class field's own
  // definition would run for each of the hundreds of thousands of nodes a large port reads.
  /** tree-sitter's id for the node (where its subtree is kept), as web-tree-sitter gives it. */
  declare readonly id: number;
  declare readonly type: string;
  declare readonly startIndex: number;
  declare readonly endIndex: number;
  declare readonly parent: Node | null;
  /** @internal the tree this node belongs to, shared with the rest of its top-level definition. */
  declare readonly home: TreeHome;
  /** This node's place among its parent's children. */
  declare private index: number;
  /** The field its parent holds it in (0: none). */
  declare private readonly field: number;
  /** NAMED, MISSING, EXTRA, HAS_ERROR, and LEAF for a node without children; what a read of the named children found. */
  declare private flags: number;
  declare private kids: readonly Node[] | undefined;
  declare private named: readonly Node[] | undefined;

  constructor(id: number, type: string, startIndex: number, endIndex: number, parent: Node | null, home: TreeHome, index: number, field: number, flags: number) {
    this.id = id;
    this.type = type;
    this.startIndex = startIndex;
    this.endIndex = endIndex;
    this.parent = parent;
    this.home = home;
    this.index = index;
    this.field = field;
    this.flags = flags;
    this.kids = undefined;
    this.named = undefined;
  }

  /** The tree this node belongs to. */
  get tree(): SyntaxTree {
    return this.home.tree;
  }

  /** Child nodes (anonymous ones too), in order. */
  get children(): readonly Node[] {
    return (this.kids ??= this.flags & LEAF ? NO_CHILDREN : this.tree.childrenOf(this, this.named));
  }

  /**
   * The children a walk for named nodes goes through: the named ones alone (a third of a C tree's
   * nodes are punctuation and keywords, never read this way), unless an anonymous child holds some.
   */
  get childrenToWalk(): readonly Node[] {
    if (this.kids) return this.kids;
    const named = this.namedChildren;
    return this.flags & ANONYMOUS_INNER ? this.children : named;
  }

  get text(): string {
    return this.tree.text.slice(this.startIndex, this.endIndex);
  }
  get isNamed(): boolean {
    return (this.flags & NAMED) !== 0;
  }
  get isMissing(): boolean {
    return (this.flags & MISSING) !== 0;
  }
  get isExtra(): boolean {
    return (this.flags & EXTRA) !== 0;
  }
  get hasError(): boolean {
    return (this.flags & HAS_ERROR) !== 0;
  }
  get isError(): boolean {
    return this.type === "ERROR";
  }
  get startPosition(): { row: number; column: number } {
    return this.tree.position(this.startIndex);
  }
  get endPosition(): { row: number; column: number } {
    return this.tree.position(this.endIndex);
  }

  get childCount(): number {
    return this.children.length;
  }
  get namedChildren(): readonly Node[] {
    if (this.named) return this.named;
    if (this.kids || this.flags & LEAF) return (this.named = this.children.length === 0 ? NO_CHILDREN : this.children.filter((c) => c.isNamed));
    const named = this.tree.namedChildrenOf(this);
    this.flags |= this.tree.anonymousOfLastRead();
    return (this.named = named);
  }
  get namedChildCount(): number {
    return this.namedChildren.length;
  }
  child(index: number): Node | null {
    return this.children[index] ?? null;
  }
  namedChild(index: number): Node | null {
    return this.namedChildren[index] ?? null;
  }
  get firstChild(): Node | null {
    return this.children[0] ?? null;
  }
  get lastChild(): Node | null {
    return this.children[this.children.length - 1] ?? null;
  }
  get firstNamedChild(): Node | null {
    return this.namedChildren[0] ?? null;
  }
  get lastNamedChild(): Node | null {
    const named = this.namedChildren;
    return named[named.length - 1] ?? null;
  }
  get nextSibling(): Node | null {
    return this.parent?.children[this.index + 1] ?? null;
  }
  get previousSibling(): Node | null {
    return this.parent?.children[this.index - 1] ?? null;
  }
  get nextNamedSibling(): Node | null {
    const siblings = this.parent?.children ?? NO_CHILDREN;
    for (let i = this.index + 1; i < siblings.length; i++) if (siblings[i]!.isNamed) return siblings[i]!;
    return null;
  }
  get previousNamedSibling(): Node | null {
    const siblings = this.parent?.children ?? NO_CHILDREN;
    for (let i = this.index - 1; i >= 0; i--) if (siblings[i]!.isNamed) return siblings[i]!;
    return null;
  }

  /** @internal the children read so far (all of them, or the named ones): none where none were read. */
  readChildren(): readonly Node[] {
    return this.kids ?? this.named ?? NO_CHILDREN;
  }

  /**
   * @internal Takes this top-level node, read from an earlier parse, into `tree` at `id` (its
   * place in the new parent's memory) and `index`: the same subtree at the same offset, so its
   * descendants already read are the new tree's too, ids and all. They share this node's home.
   */
  adoptInto(tree: SyntaxTree, parent: Node, id: number, index: number): void {
    const self = this as unknown as { id: number; parent: Node | null; index: number };
    self.id = id;
    self.parent = parent;
    self.index = index;
    this.home.tree = tree;
  }

  /** The first child its parent holds in the field `name`. */
  childForFieldName(name: string): Node | null {
    const field = this.tree.tables.fieldIds.get(name);
    if (field === undefined) return null;
    // Where no anonymous child is in this field, the named children have the field's child.
    if (!this.kids) this.namedChildren;
    const anonymous = this.flags & ANONYMOUS_FIELD ? this.flags >> ANONYMOUS_FIELD_SHIFT : 0;
    const among = this.kids || (anonymous && (anonymous === field || anonymous === SEVERAL_FIELDS)) ? this.children : this.named!;
    for (const c of among) if (c.field === field) return c;
    return null;
  }
  childrenForFieldName(name: string): Node[] {
    const field = this.tree.tables.fieldIds.get(name);
    return field === undefined ? [] : this.children.filter((c) => c.field === field);
  }
  fieldNameForChild(index: number): string | null {
    const c = this.children[index];
    return c ? this.tree.tables.fieldNames[c.field] ?? null : null;
  }

  /** This node (when it is of one of the types) and its descendants of those types, in document order. */
  descendantsOfType(types: string | readonly string[]): readonly Node[] {
    const wanted = typeof types === "string" ? [types] : types;
    // Named types are found walking named nodes alone; an anonymous one (`;`) needs every node.
    const named = this.tree.tables.allNamed(wanted);
    if (named) {
      // A node walked for named types before is walked once more, for all of them: every later walk reads that.
      const index = this.tree.walkIndex(this);
      if (index) return wanted.length === 1 ? (index.byType.get(wanted[0]!) ?? NO_CHILDREN) : index.all.filter((n) => wanted.includes(n.type));
    }
    const found: Node[] = [];
    const stack: Node[] = [this];
    while (stack.length > 0) {
      const n = stack.pop()!;
      // As tree-sitter's walk: a node that ends at the very start is passed over, children and all.
      if (n.endIndex === 0) continue;
      if (wanted.includes(n.type)) found.push(n);
      const children = named ? n.childrenToWalk : n.children;
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
    }
    return found;
  }

  /** The smallest node within this one that spans start..end. */
  descendantForIndex(start: number, end: number = start): Node {
    return this.descendantFor(start, end, false);
  }
  namedDescendantForIndex(start: number, end: number = start): Node {
    return this.descendantFor(start, end, true);
  }
  private descendantFor(start: number, end: number, namedOnly: boolean): Node {
    let node: Node = this;
    let found: Node = this;
    for (;;) {
      // The named children first, whose reading costs less: where one holds the range it is the
      // only child that does (children do not overlap; a zero-width child, MISSING, comes only
      // with an error, where every child is read). Where none does, an anonymous one may.
      const error = node.hasError;
      let c = childHolding(error ? node.children : node.childrenToWalk, start, end);
      if (!c && !error && !(node.flags & LEAF) && !node.kids) c = childHolding(node.children, start, end);
      if (!c) return found;
      node = c;
      if (!namedOnly || c.isNamed) found = c;
    }
  }

  /** The child of this node that is `descendant` or holds it. */
  childWithDescendant(descendant: Node): Node | null {
    for (let n: Node | null = descendant; n; n = n.parent) if (n.parent === this) return n;
    return null;
  }

  equals(other: Node): boolean {
    return this === other || (this.id === other.id && this.tree === other.tree);
  }
}

/** The child that holds start..end, as tree-sitter's descent finds it. */
function childHolding(children: readonly Node[], start: number, end: number): Node | undefined {
  // Children are in order and do not overlap: the first that reaches `end` is found by halving.
  let lo = 0;
  let hi = children.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (children[mid]!.endIndex < end) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < children.length; i++) {
    const c = children[i]!;
    if (c.startIndex === c.endIndex ? c.endIndex < start : c.endIndex <= start) continue;
    if (start < c.startIndex) return undefined;
    return c;
  }
  return undefined;
}

/**
 * Reads nodes out of tree-sitter's memory, a node's children when they are first asked for. A
 * subtree is 8 bytes: inline (bit 0 set: a small leaf whose bytes say all) or a pointer to its heap
 * data, whose children's subtrees sit just before it. The memory's views are taken again whenever
 * the runtime has grown its memory (a later parse can), since a grown memory has a new buffer.
 */
class TreeReader {
  private u8: Uint8Array<ArrayBufferLike> = new Uint8Array(0);
  private u16: Uint16Array<ArrayBufferLike> = new Uint16Array(0);
  private u32: Uint32Array<ArrayBufferLike> = new Uint32Array(0);
  private layout!: ReturnType<LanguageTables["layout"]>;

  constructor(
    private readonly tables: LanguageTables,
    private readonly runtime: WasmRuntime,
  ) {}

  private views(): void {
    const heap = this.runtime.HEAPU8!;
    if (heap === this.u8 && heap.buffer.byteLength > 0) return;
    this.u8 = heap;
    this.u16 = new Uint16Array(heap.buffer);
    this.u32 = new Uint32Array(heap.buffer);
    this.layout = this.tables.layout(heap);
  }

  /** The root: the tree's own subtree (the first thing of the TSTree), starting after its padding. */
  root(owner: SyntaxTree, treeAddress: number): Node {
    this.views();
    const start = this.paddingBytes(treeAddress);
    return this.node(treeAddress, start, 0, null, { tree: owner }, 0, 0);
  }

  /** Visible children counted so far by the collect under way: each one's index among its parent's children. */
  private seen = 0;
  /** The collect under way keeps only named children, and notes what the anonymous ones hold. */
  private namedOnly = false;
  /** What the anonymous children of the node read last hold (ANONYMOUS_INNER, ANONYMOUS_FIELD). */
  anonymous = 0;
  /**
   * The children of the read under way, gathered here and copied into an array of their own
   * length: one allocation a read, and no room left over in the lists the tree keeps.
   */
  private readonly gathered: Node[] = [];
  private count = 0;
  /** The named children read before, reused (in order) by a read of all the children. */
  private reuse: readonly Node[] | undefined;
  private reused = 0;

  children(node: Node, named: readonly Node[] | undefined): readonly Node[] {
    this.views();
    this.seen = 0;
    this.count = 0;
    this.namedOnly = false;
    this.reuse = named;
    this.reused = 0;
    this.collect(node, node.id, node.startIndex * 2, 0);
    this.reuse = undefined;
    // The top level is read: what was not taken from the earlier parse never will be.
    if (node.parent === null) node.tree.donors = undefined;
    return this.taken();
  }

  namedChildren(node: Node): readonly Node[] {
    this.views();
    this.seen = 0;
    this.count = 0;
    this.namedOnly = true;
    this.anonymous = 0;
    this.collect(node, node.id, node.startIndex * 2, 0);
    this.namedOnly = false;
    if (node.parent === null) node.tree.donors = undefined;
    return this.taken();
  }

  /** The children gathered by the read that just ended, in a list of their own. */
  private taken(): readonly Node[] {
    const n = this.count;
    if (n === 0) return NO_CHILDREN;
    const list = this.gathered.slice(0, n);
    // The root's read can gather tens of thousands: not kept here past the read.
    if (n > 64) this.gathered.length = 0;
    return list;
  }

  /** The address of a slot's subtree data; undefined for an inline leaf, which has none. */
  subtreeAddress(slot: number): number | undefined {
    this.views();
    return this.isInline(slot) ? undefined : this.u32[slot >> 2]!;
  }

  private isInline(slot: number): boolean {
    return (this.u8[slot]! & 1) === 1;
  }
  private paddingBytes(slot: number): number {
    return this.isInline(slot) ? this.u8[slot + 6]! : this.u32[(this.u32[slot >> 2]! + 4) >> 2]!;
  }


  private node(slot: number, startByte: number, alias: number, parent: Node | null, home: TreeHome, index: number, field: number): Node {
    const { u8, u16, u32 } = this;
    let symbol: number;
    let flags = 0;
    let size: number;
    if (u8[slot]! & 1) {
      const bits = u8[slot]!;
      symbol = u8[slot + 1]!;
      size = u8[slot + 7]!;
      flags |= LEAF;
      if (bits & 4) flags |= NAMED;
      if (bits & 8) flags |= EXTRA;
      if (bits & 32) flags |= MISSING | HAS_ERROR;
    } else {
      const data = u32[slot >> 2]!;
      const bits = u16[(data + 44) >> 1]!;
      symbol = u16[(data + 40) >> 1]!;
      size = u32[(data + 16) >> 2]!;
      if (u32[(data + 36) >> 2] === 0 || u32[(data + 48) >> 2] === 0) flags |= LEAF;
      if (bits & 2) flags |= NAMED;
      if (bits & 4) flags |= EXTRA;
      if (bits & 512) flags |= MISSING;
      if (bits & 512 || u32[(data + 32) >> 2]! > 0) flags |= HAS_ERROR;
    }
    if (alias) flags = (flags & ~NAMED) | (this.tables.symbolNamed[alias] ? NAMED : 0);
    const shown = alias || symbol;
    const type = shown === ERROR_SYMBOL ? "ERROR" : this.tables.symbolNames[shown]!;
    return new Node(slot, type, startByte >> 1, (startByte + size) >> 1, parent, home, index, field, flags);
  }

  /**
   * The visible children of `parentSlot`'s subtree into `out`: a hidden child lends its own to the
   * nearest visible ancestor. `chainField` is the field the hidden chain above gives them, as
   * tree-sitter's cursor finds it (the innermost entry first; an extra breaks the chain).
   */
  private collect(parent: Node, parentSlot: number, startByte: number, chainField: number): void {
    const { u8, u16, u32, layout } = this;
    if (u8[parentSlot]! & 1) return;
    const data = u32[parentSlot >> 2]!;
    const count = u32[(data + 36) >> 2]!;
    if (count === 0) return;
    const production = u16[(data + 66) >> 1]!;
    const aliases = production && layout.maxAliasLength ? layout.aliasSequences + production * layout.maxAliasLength * 2 : 0;
    const first = data - count * 8;
    const fields = layout.fields[production]!;
    // The top level of a re-parse takes the earlier parse's nodes of the subtrees it reused.
    const donors = parent.parent === null ? parent.tree.donors : undefined;
    let position = startByte;
    let structural = 0;
    for (let i = 0; i < count; i++) {
      const child = first + i * 8;
      const inline = (u8[child]! & 1) === 1;
      const childData = inline ? 0 : u32[child >> 2]!;
      const extra = inline ? (u8[child]! & 8) !== 0 : (u16[(childData + 44) >> 1]! & 4) !== 0;
      let alias = 0;
      let index = -1;
      if (!extra) {
        if (aliases) alias = u16[(aliases >> 1) + structural]!;
        index = structural++;
      }
      if (i > 0) position += inline ? u8[child + 6]! : u32[(childData + 4) >> 2]!;
      const childStart = position;
      position += inline ? u8[child + 7]! : u32[(childData + 16) >> 2]!;
      const visible = alias !== 0 || (inline ? (u8[child]! & 2) !== 0 : (u16[(childData + 44) >> 1]! & 1) !== 0);
      const field = extra ? 0 : fields[index] || chainField;
      if (visible) {
        const at = this.seen++;
        if (this.namedOnly || this.reuse) {
          const named = alias ? this.tables.symbolNamed[alias]! !== 0 : inline ? (u8[child]! & 4) !== 0 : (u16[(childData + 44) >> 1]! & 2) !== 0;
          if (!named) {
            if (this.namedOnly) {
              if (!inline && u32[(childData + 36) >> 2] !== 0 && u32[(childData + 48) >> 2] !== 0) this.anonymous |= ANONYMOUS_INNER;
              if (field) {
                const known = this.anonymous & ANONYMOUS_FIELD ? this.anonymous >> ANONYMOUS_FIELD_SHIFT : field;
                this.anonymous = (this.anonymous & (ANONYMOUS_FIELD - 1)) | ANONYMOUS_FIELD | ((known === field ? field : SEVERAL_FIELDS) << ANONYMOUS_FIELD_SHIFT);
              }
              continue;
            }
          } else if (this.reuse) {
            this.gathered[this.count++] = this.reuse[this.reused++]!;
            continue;
          }
        }
        const donor = donors && !inline ? donors.get(childData) : undefined;
        const shown = donor ? alias || u16[(childData + 40) >> 1]! : 0;
        if (donor && donor.startIndex === childStart >> 1 && donor.type === (shown === ERROR_SYMBOL ? "ERROR" : this.tables.symbolNames[shown])) {
          donors!.delete(childData);
          donor.adoptInto(parent.tree, parent, child, at);
          this.gathered[this.count++] = donor;
        } else {
          // A top-level node gets a home of its own, which everything read below it shares.
          const home = parent.parent === null ? { tree: parent.tree } : parent.home;
          this.gathered[this.count++] = this.node(child, childStart, alias, parent, home, at, field);
        }
      } else if (!inline && u32[(childData + 48) >> 2]! > 0) this.collect(parent, child, childStart, field);
    }
  }
}
