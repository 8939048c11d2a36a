// GCC's bit builtins: __builtin_popcount(x) becomes hweight32(x) (and its long and long long forms hweight_long, hweight64); the ones GCC computes inline stay.
import { defineRule } from "../core/rule.js";

/** The popcount and parity builtins, which GCC may compile to a call into libgcc: the kernel's function of the same count, and what the value needs around it. */
const KERNEL_FORMS: ReadonlyMap<string, { open: string; close: string }> = new Map([
  ["__builtin_popcount", { open: "(int)hweight32", close: "" }],
  ["__builtin_popcountl", { open: "(int)hweight_long", close: "" }],
  ["__builtin_popcountll", { open: "(int)hweight64", close: "" }],
  ["__builtin_parity", { open: "(int)(hweight32", close: " & 1)" }],
  ["__builtin_parityl", { open: "(int)(hweight_long", close: " & 1)" }],
  ["__builtin_parityll", { open: "(int)(hweight64", close: " & 1)" }],
]);

/** Builtins GCC computes in place (an instruction or a constant) on every architecture the kernel builds for, as kernel code itself uses them. */
const INLINE = ["__builtin_ctz", "__builtin_ctzl", "__builtin_ctzll", "__builtin_clz", "__builtin_clzl", "__builtin_clzll", "__builtin_ffs", "__builtin_ffsl", "__builtin_ffsll", "__builtin_clrsb", "__builtin_clrsbl", "__builtin_clrsbll", "__builtin_bswap16", "__builtin_bswap32", "__builtin_bswap64", "__builtin_expect", "__builtin_constant_p", "__builtin_unreachable", "__builtin_add_overflow", "__builtin_sub_overflow", "__builtin_mul_overflow"];

export default defineRule({
  id: "bit-builtins-to-kernel",
  summary: "__builtin_popcount(x) becomes (int)hweight32(x), with hweight_long() and hweight64() for the l and ll forms, and the parity builtins the low bit of the same; the builtins GCC computes in place (ctz, clz, ffs, bswap, expect, the overflow checks) stay",
  explanation: [
    "GCC's builtins are the compiler's, not the C library's, so a module can use them, and the kernel's own code uses many (__builtin_ctz() in __ffs(), __builtin_expect() in likely()).",
    "Counting bits is the exception: where the processor has no instruction for it, or the build does not let GCC assume one (the kernel's x86 build does not), GCC calls a helper in libgcc, and a module is not linked with libgcc, so the module would not load.",
    "The kernel counts bits itself, with hweight32(), hweight_long() and hweight64() of <linux/bitops.h>, which use the instruction where the processor has it; they return unsigned int, so the value gets the builtins' type, int, back. Parity is the lowest bit of the count.",
  ].join(" "),
  docs: ["https://gcc.gnu.org/onlinedocs/gcc/Other-Builtins.html", "https://elixir.bootlin.com/linux/v6.1/source/include/asm-generic/bitops/const_hweight.h"],
  headers: ["linux/bitops.h"],
  safety: "safe",
  calls: [...KERNEL_FORMS.keys(), ...INLINE],
  rewrite({ call, name }, ctx) {
    const form = KERNEL_FORMS.get(name);
    if (!form) {
      ctx.use();
      return;
    }
    // The arguments stay where they are: a rule may port something inside them.
    ctx.replace(call.childForFieldName("function") ?? call, form.open);
    if (form.close) ctx.insert(call.endIndex, form.close);
  },
});
