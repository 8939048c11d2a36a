import { describe, it } from "vitest";
import rule from "../../src/rules/free-references-to-callback.js";
import { checkCase } from "../helpers/rule-tester.js";

describe("free-references-to-callback", () => {
  it("passes a function of free()'s type that frees as the port frees, defined before the first function that names free", () =>
    checkCase(rule, {
      code: "static void drop_all(void **v, int n, void (*drop)(void *)) { while (n--) drop(v[n]); }\nvoid f(void **v) {\n\tvoid (*g)(void *) = free;\n\tdrop_all(v, 2, free);\n\tfree(v);\n\tg(0);\n}\n",
      output:
        "static void drop_all(void **v, int n, void (*drop)(void *)) { while (n--) drop(v[n]); }\n/* free() as a function to pass: the type a callback that frees expects. */\nstatic void free_callback(void *p)\n{\n\tkfree(p);\n}\n\nvoid f(void **v) {\n\tvoid (*g)(void *) = free_callback;\n\tdrop_all(v, 2, free_callback);\n\tfree(v);\n\tg(0);\n}\n",
    }));
  it("leaves calls, strings, comments, members and a program's own free alone", () =>
    checkCase(rule, { code: 'struct s { int free; };\nvoid f(struct s *p) { /* free later */ p->free = 1; puts("free"); free(p); }\n', unchanged: true }));
});
