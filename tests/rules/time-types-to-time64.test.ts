import { describe, it } from "vitest";
import rule from "../../src/rules/time-types-to-time64.js";
import { checkCase } from "../helpers/rule-tester.js";

describe("time-types-to-time64", () => {
  it("renames time_t and struct timespec, in code and in macros", () =>
    checkCase(rule, {
      code: "struct timespec start;\n#define ZERO ((struct timespec){ 0 })\nvoid f(time_t *p, struct timespec *q);\n",
      output: "struct timespec64 start;\n#define ZERO ((struct timespec64){ 0 })\nvoid f(time64_t *p, struct timespec64 *q);\n",
    }));
  it("turns %ld into %lld for uncast time values, and leaves casts and tv_nsec alone", () =>
    checkCase(rule, {
      code:
        'void f(time_t *p, struct timespec *q)\n{\n\ttime_t t = time(NULL), u = 3;\n\tprintf("%ld %ld %d %ld\\n", t, (long)t, 3, t - u);\n\tprintf("%lu.%09ld\\n", q->tv_sec, q->tv_nsec);\n\tfprintf(stderr, "%*ld\\n", 5, *p);\n}\n',
      output:
        'void f(time64_t *p, struct timespec64 *q)\n{\n\ttime64_t t = time(NULL), u = 3;\n\tprintf("%lld %ld %d %lld\\n", t, (long)t, 3, t - u);\n\tprintf("%llu.%09ld\\n", q->tv_sec, q->tv_nsec);\n\tfprintf(stderr, "%*lld\\n", 5, *p);\n}\n',
    }));
  it("leaves other identifiers named timespec alone", () =>
    checkCase(rule, { code: "int timespec;\nint f(struct x *s) { return s->timespec; }\n", unchanged: true }));
});
