// Names a program defines that the kernel headers of its port already define: reported where the program defines them.
import type { Node } from "../core/syntax-tree.js";
import { KERNEL_MACROS } from "../rules/kernel-macro-clash-undef.js";
import { declaratorName, namedChildren } from "../core/syntax.js";
import { KERNEL_CAPS_FUNCTION_MACROS, KERNEL_CAPS_OBJECT_MACROS, KERNEL_FUNCTION_MACROS, KERNEL_OBJECT_MACROS, KERNEL_ORDINARY_NAMES, KERNEL_TAGS, KERNEL_NAMES_RELEASE } from "./kernel-names.js";
import type { ProgramFacts } from "./program.js";

export interface NameClash {
  node: Node;
  name: string;
  /** What the kernel's is: "a function", "a macro", "struct". */
  kind: string;
}

const CONTAINERS = new Set(["preproc_if", "preproc_ifdef", "preproc_else", "preproc_elif", "preproc_elifdef"]);
const DECLARATOR_PARENTS = new Set(["init_declarator", "declaration", "parameter_declaration", "pointer_declarator", "array_declarator"]);

/**
 * Top-level definitions (functions, variables, typedefs, enumerators, struct/union/enum tags) whose
 * name the kernel headers use too, and variables named after an object-like kernel macro
 * (`current`), which the preprocessor would replace, struct members of such a name included. Macros the program defines itself are left
 * to kernel-macro-clash-undef, which keeps them.
 */
let objectMacroPattern: RegExp | undefined;

/**
 * Types include/linux/types.h defines that the grammar reads as primitive types, which the
 * extracted kernel names leave out: a program's own `typedef enum { false, true } bool;` or
 * `typedef int bool;` is another type of the same name.
 */
const KERNEL_PRIMITIVE_TYPEDEFS: ReadonlySet<string> = new Set(["bool", "size_t", "ssize_t", "ptrdiff_t", "uintptr_t", "int8_t", "int16_t", "int32_t", "int64_t", "uint8_t", "uint16_t", "uint32_t", "uint64_t"]);

/** Macros the kernel's headers define only where a module has not (`#ifndef pr_fmt`): the module's own comes first, on purpose. */
const OVERRIDABLE_MACROS: ReadonlySet<string> = new Set(["pr_fmt", "dev_fmt"]);

/** Whether a macro the program defines is one of the kernel's, other than those kernel-macro-clash-undef keeps with an #undef. */
function programMacroClash(name: string): boolean {
  if (KERNEL_MACROS.has(name) || OVERRIDABLE_MACROS.has(name) || KERNEL_CAPS_OBJECT_MACROS.has(name)) return false;
  return KERNEL_CAPS_FUNCTION_MACROS.has(name) || KERNEL_FUNCTION_MACROS.has(name) || KERNEL_OBJECT_MACROS.has(name);
}

export function kernelNameClashes(program: ProgramFacts): NameClash[] {
  const clashes: NameClash[] = [];
  // An ALL-CAPS macro of the kernel's breaks a name only where the program does not define that macro itself (kernel-macro-clash-undef's).
  const capsMacro = (name: string) => KERNEL_CAPS_OBJECT_MACROS.has(name) && !program.macros.has(name);
  const ordinary = (name: string) =>
    !KERNEL_MACROS.has(name) && name !== "main" &&
    (KERNEL_ORDINARY_NAMES.has(name) || KERNEL_OBJECT_MACROS.has(name) || KERNEL_FUNCTION_MACROS.has(name) || capsMacro(name));
  const kindOf = (name: string) => (KERNEL_FUNCTION_MACROS.has(name) || KERNEL_OBJECT_MACROS.has(name) || capsMacro(name) ? "a macro" : "a name");
  const seen = new Set<number>();
  const report = (node: Node, kind: string) => {
    if (seen.has(node.id)) return;
    seen.add(node.id);
    clashes.push({ node, name: node.text, kind });
  };
  const tagsIn = (node: Node) => {
    // Only a body defines a tag or an enumerator: most declarations have none, and asking costs a walk.
    if (!node.text.includes("{")) return;
    for (const spec of node.descendantsOfType(["struct_specifier", "union_specifier", "enum_specifier"])) {
      const tag = spec?.childForFieldName("name");
      if (spec && tag && spec.childForFieldName("body") && KERNEL_TAGS.has(tag.text)) report(tag, spec.type.replace("_specifier", ""));
    }
    for (const e of node.descendantsOfType("enumerator")) {
      const name = e?.childForFieldName("name");
      if (name && ordinary(name.text)) report(name, kindOf(name.text));
    }
  };
  const visit = (container: Node) => {
    for (const node of namedChildren(container)) {
      if (CONTAINERS.has(node.type)) {
        visit(node);
        continue;
      }
      // Functions are checked by name below, from the function table, without a walk of each one.
      if (node.type === "function_definition") continue;
      if (node.type === "declaration" || node.type === "type_definition") {
        for (const d of node.childrenForFieldName("declarator")) {
          // A prototype declares a function defined elsewhere in the file (checked there) or not at all.
          if (!d || (node.type === "declaration" && d.text.includes("("))) continue;
          // The grammar reads a typedef of a name it knows as a type (`bool`, `size_t`) as that type.
          const name = declaratorName(d) ?? (d.type === "type_identifier" || (d.type === "primitive_type" && node.type === "type_definition") ? d : null);
          if (name && ordinary(name.text)) report(name, kindOf(name.text));
          else if (name?.type === "primitive_type" && KERNEL_PRIMITIVE_TYPEDEFS.has(name.text)) report(name, "a type");
        }
        tagsIn(node);
        continue;
      }
      if (node.type === "struct_specifier" || node.type === "union_specifier" || node.type === "enum_specifier") tagsIn(node);
      // A macro of the program's named like one of the kernel's (barrier(), READ_ONCE(), WARN()):
      // a second definition, and one the kernel's own macros used later would expand (WARN_ONCE()
      // uses WARN()). Renamed like any other name; the listed ones kernel-macro-clash-undef keeps.
      if ((node.type === "preproc_def" || node.type === "preproc_function_def") && program.isCompiled(node.startIndex)) {
        const name = node.childForFieldName("name");
        if (name && programMacroClash(name.text)) report(name, "a macro");
      }
    }
  };
  visit(program.root);
  for (const name of program.functions.names()) {
    if (!ordinary(name)) continue;
    const fn = program.functions.get(name);
    if (fn) report(fn.nameNode, kindOf(name));
  }

  // Variables and parameters anywhere named after an object-like macro: found in the text first.
  objectMacroPattern ??= new RegExp(`\\b(?:${[...KERNEL_OBJECT_MACROS].filter((n) => !KERNEL_MACROS.has(n)).join("|")})\\b`, "g");
  if (KERNEL_OBJECT_MACROS.size > 0) {
    for (const m of program.source.matchAll(objectMacroPattern)) {
      const node = program.root.descendantForIndex(m.index, m.index + m[0].length);
      if (!node || node.startIndex !== m.index) continue;
      // A struct member of that name (`int current;`) is replaced by the preprocessor in every access.
      if (node.type === "field_identifier" && isMemberDeclarator(node)) {
        report(node, "a macro");
        continue;
      }
      if (node.type !== "identifier" || !DECLARATOR_PARENTS.has(node.parent?.type ?? "")) continue;
      if (node.parent?.type === "init_declarator" && node.parent.childForFieldName("value")?.id === node.id) continue;
      report(node, "a macro");
    }
  }
  return clashes.sort((a, b) => a.node.startIndex - b.node.startIndex);
}

/** Whether a field_identifier is the name a struct or union member is declared with (not an access to one). */
function isMemberDeclarator(node: Node): boolean {
  let d: Node | null = node.parent;
  while (d && (d.type === "pointer_declarator" || d.type === "array_declarator" || d.type === "parenthesized_declarator")) d = d.parent;
  return d?.type === "field_declaration";
}

export { KERNEL_NAMES_RELEASE };
