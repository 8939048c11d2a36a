// strtok() has no kernel counterpart: refused with the strsep() loop that replaces it.
import { defineRule } from "../core/rule.js";

export default defineRule({
  id: "strtok-refused",
  summary: "strtok() and strtok_r() are refused, with strsep() as the suggestion",
  explanation: [
    "The kernel has no strtok(): its hidden static cursor would be shared by every caller on every CPU.",
    "The kernel's tokenizer is strsep(&cursor, delimiters), which keeps the cursor in a variable of the caller's, but it does not behave the same way: strtok() skips runs of delimiters and never returns an empty token, while strsep() returns an empty token between two adjacent delimiters.",
    "strsep() with a check that skips empty tokens gives the same tokens as strtok(), but the loop changes shape (a cursor variable, the skip, a while in place of the two strtok() calls), which is a rewrite of the program's control flow that kernelize leaves to the programmer, with the loop to write in the note.",
  ].join(" "),
  docs: ["https://docs.kernel.org/core-api/kernel-api.html#c.strsep"],
  headers: [],
  safety: "review",
  calls: ["strtok", "strtok_r"],
  rewrite({ callee, name }, ctx) {
    ctx.report("K2104", `${name}() has no kernel counterpart`, callee, {
      note: "walk the string with `char *cursor = buf, *tok; while ((tok = strsep(&cursor, delims))) { if (!*tok) continue; … }`, which skips empty tokens as strtok() does",
    });
  },
});
