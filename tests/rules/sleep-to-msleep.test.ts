import { describe, it } from "vitest";
import rule from "../../src/rules/sleep-to-msleep.js";
import { checkCase } from "../helpers/rule-tester.js";

describe("sleep-to-msleep", () => {
  it("sleep(s) becomes ssleep(s)", () =>
    checkCase(rule, { code: "void f(int s)\n{\n\tsleep(2);\n\tsleep(s);\n}\n", output: "void f(int s)\n{\n\tssleep(2);\n\tssleep(s);\n}\n" }));
  it("usleep() takes the delay the timers howto gives for its length", () =>
    checkCase(rule, {
      code: "void f(void)\n{\n\tusleep(5);\n\tusleep(1000);\n\tusleep(20000);\n\tusleep(250000);\n\tusleep(1500500);\n}\n",
      output: "void f(void)\n{\n\tudelay(5);\n\tusleep_range(1000, 1050);\n\tusleep_range(20000, 20050);\n\tmsleep(250);\n\tmsleep(1501);\n}\n",
    }));
  it("a length known only at run time goes to fsleep()", () =>
    checkCase(rule, { code: "void f(int ms)\n{\n\tusleep(ms * 1000);\n}\n", output: "void f(int ms)\n{\n\tfsleep(ms * 1000);\n}\n" }));
  it("nanosleep() becomes fsleep() of the timespec's microseconds, keeping the program's timespec", () =>
    checkCase(rule, {
      code: "void f(struct timespec *p)\n{\n\tstruct timespec ts = { 0, 5000000 };\n\tnanosleep(&ts, NULL);\n\tnanosleep(p, &ts);\n\tnanosleep(p + 1, NULL);\n}\n",
      output:
        "void f(struct timespec *p)\n{\n\tstruct timespec ts = { 0, 5000000 };\n\tfsleep(ktime_to_us(timespec64_to_ktime(ts)));\n\tfsleep(ktime_to_us(timespec64_to_ktime(*p)));\n\tfsleep(ktime_to_us(timespec64_to_ktime(*(p + 1))));\n}\n",
    }));
  it("a used result becomes 0, with a warning", () =>
    checkCase(rule, {
      code: "int f(void)\n{\n\tif (sleep(1) != 0)\n\t\treturn -1;\n\treturn 0;\n}\n",
      output: "int f(void)\n{\n\tif ((ssleep(1), 0) != 0)\n\t\treturn -1;\n\treturn 0;\n}\n",
      diagnostics: ["K2140@3:6"],
    }));
});
