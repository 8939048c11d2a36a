// `__attribute__((noreturn))` and `[[noreturn]]` go: a function that ended the program with exit() returns an error in the module.
import { defineRule } from "../core/rule.js";
import { removeAttributes } from "./deprecated-attributes-removed.js";

export default defineRule({
  id: "noreturn-attributes-removed",
  summary: "__attribute__((noreturn)) and [[noreturn]] are removed: in a module the function returns",
  explanation: [
    "A program marks a function noreturn when it ends the program, with exit() or abort().",
    "In a module every such end becomes an error return to the caller, so the function does return after all, and the kernel's build would warn that a noreturn function returns.",
    "The attribute goes from the prototype and the definition alike, as _Noreturn does, and out of a list of attributes (`__attribute__((noreturn, format(printf, 1, 2)))` keeps its format): gcc trusts noreturn and drops the code after each call and the function's return, so a noreturn function that returns runs off its end into the next one. What the function does stays as the port made it.",
  ].join(" "),
  docs: ["https://gcc.gnu.org/onlinedocs/gcc/Common-Function-Attributes.html#index-noreturn-function-attribute"],
  headers: [],
  safety: "safe",
  appliesTo: (_target, source) => /\bnoreturn\b|__noreturn__/.test(source),
  run(ctx) {
    // Out of a list too (`__attribute__((noreturn, format(printf, 1, 2)))`): a noreturn function that
    // returns runs off its end into the next one.
    removeAttributes(ctx, /^(?:__)?noreturn(?:__)?$/, { fromLists: true });
  },
});
