import { describe, it } from "vitest";
import rule from "../../src/rules/time-to-ktime.js";
import { checkCase } from "../helpers/rule-tester.js";

describe("time-to-ktime", () => {
  it("time(NULL) becomes ktime_get_real_seconds(), time(&t) an assignment", () =>
    checkCase(rule, {
      code: "void f(time_t *p)\n{\n\ttime_t t, u;\n\tt = time(NULL);\n\ttime(&u);\n\tg(time(0), time(&u));\n\ttime(p);\n}\n",
      output:
        "void f(time_t *p)\n{\n\ttime_t t, u;\n\tt = ktime_get_real_seconds();\n\tu = ktime_get_real_seconds();\n\tg(ktime_get_real_seconds(), (u = ktime_get_real_seconds()));\n\t*p = ktime_get_real_seconds();\n}\n",
    }));
  it("clock_gettime() becomes the accessor of its clock", () =>
    checkCase(rule, {
      code: "void f(struct timespec *a, struct timespec *b)\n{\n\tclock_gettime(CLOCK_MONOTONIC, a);\n\tclock_gettime(CLOCK_REALTIME, b);\n\tclock_gettime(CLOCK_BOOTTIME, b);\n}\n",
      output: "void f(struct timespec *a, struct timespec *b)\n{\n\tktime_get_ts64(a);\n\tktime_get_real_ts64(b);\n\tktime_get_boottime_ts64(b);\n}\n",
    }));
  it("a checked clock_gettime() keeps its check compiling, with a warning", () =>
    checkCase(rule, {
      code: "int f(struct timespec *ts)\n{\n\tif (clock_gettime(CLOCK_MONOTONIC, ts) != 0)\n\t\treturn -1;\n\treturn 0;\n}\n",
      output: "int f(struct timespec *ts)\n{\n\tif ((ktime_get_ts64(ts), 0) != 0)\n\t\treturn -1;\n\treturn 0;\n}\n",
      diagnostics: ["K2140@3:6"],
    }));
  it("refuses a CPU-time clock", () =>
    checkCase(rule, { code: "void f(struct timespec *ts)\n{\n\tclock_gettime(CLOCK_PROCESS_CPUTIME_ID, ts);\n}\n", diagnostics: ["K2141@3:16"] }));
  it("leaves time() inside srand() to the rule that removes srand()", () =>
    checkCase(rule, { code: "void f(void)\n{\n\tsrand(time(NULL));\n}\n", unchanged: true }));
});
