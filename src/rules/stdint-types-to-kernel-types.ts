// uint32_t and its relatives become the kernel's u32, s64, … (kernel style).
import { defineRule } from "../core/rule.js";
import { kernelStyleOnly } from "./kernel-style.js";

export const KERNEL_TYPES: Readonly<Record<string, string>> = {
  uint8_t: "u8",
  uint16_t: "u16",
  uint32_t: "u32",
  uint64_t: "u64",
  int8_t: "s8",
  int16_t: "s16",
  int32_t: "s32",
  int64_t: "s64",
};

export default defineRule({
  id: "stdint-types-to-kernel-types",
  summary: "uint8_t … int64_t become u8 … s64 (kernel style)",
  explanation: [
    "The kernel defines the fixed-width types C99 names uint32_t and int64_t, but its own code spells them u32 and s64 (linux/types.h), and checkpatch --strict asks new code to do the same.",
    "They are the same types under another name: sizes, signedness and printf formats (%u, %llu, %lld) do not change.",
  ].join(" "),
  docs: ["https://docs.kernel.org/process/coding-style.html#typedefs"],
  headers: ["linux/types.h"],
  safety: "safe",
  appliesTo: kernelStyleOnly,
  run(ctx) {
    const { source } = ctx.facts;
    if (!/\bu?int(?:8|16|32|64)_t\b/.test(source)) return;
    for (const t of ctx.facts.program.root.descendantsOfType("primitive_type")) {
      const name = t && KERNEL_TYPES[t.text];
      if (t && name) ctx.replace(t, name);
    }
  },
});
