import { describe, it } from "vitest";
import rule from "../../src/rules/char-subscripts-cast.js";
import { checkCase } from "../helpers/rule-tester.js";

describe("char-subscripts-cast", () => {
  it("casts a plain char index into a declared array to unsigned char: a variable, a string's element, a dereference, a member", () =>
    checkCase(rule, {
      code: "struct key { char c; };\nint count[256];\nvoid f(const char *s, struct key *k)\n{\n\tchar c = s[0];\n\tchar line[8] = \"ab\";\n\tcount[c]++;\n\tcount[s[1]]++;\n\tcount[*s]++;\n\tcount[line[0]]++;\n\tcount[k->c]++;\n}\n",
      output:
        "struct key { char c; };\nint count[256];\nvoid f(const char *s, struct key *k)\n{\n\tchar c = s[0];\n\tchar line[8] = \"ab\";\n\tcount[(unsigned char)c]++;\n\tcount[(unsigned char)s[1]]++;\n\tcount[(unsigned char)*s]++;\n\tcount[(unsigned char)line[0]]++;\n\tcount[(unsigned char)k->c]++;\n}\n",
    }));
  it("keeps the value through a pointer or an array parameter, where a negative index can be meant: (int)", () =>
    checkCase(rule, {
      code: "int g(const int *table, int rows[], char c)\n{\n\treturn table[c] + rows[c];\n}\n",
      output: "int g(const int *table, int rows[], char c)\n{\n\treturn table[(int)c] + rows[(int)c];\n}\n",
    }));
  it("leaves signed and unsigned char, int indexes and char arithmetic (an int) alone", () =>
    checkCase(rule, {
      code: "int count[256];\nvoid f(unsigned char u, signed char s, char c, int i)\n{\n\tcount[u]++;\n\tcount[s + 128]++;\n\tcount[c - 'a']++;\n\tcount[i]++;\n\tcount[(unsigned char)c]++;\n}\n",
      unchanged: true,
    }));
  it("finds a char declared after an initializer's braces, a string holding a bracket, a comment holding a semicolon, and in a parameter list", () =>
    checkCase(rule, {
      code: "int count[256];\nvoid f(int n, char p)\n{\n\tchar a[] = { 1, 2 }, b = a[n], c;\n\tchar *s = \"(;\", d /* ; */, e;\n\n\tcount[b] = count[c] + count[d] + count[e] + count[p];\n\tcount[n] = s[n];\n}\n",
      output: "int count[256];\nvoid f(int n, char p)\n{\n\tchar a[] = { 1, 2 }, b = a[n], c;\n\tchar *s = \"(;\", d /* ; */, e;\n\n\tcount[(unsigned char)b] = count[(unsigned char)c] + count[(unsigned char)d] + count[(unsigned char)e] + count[(unsigned char)p];\n\tcount[n] = s[n];\n}\n",
    }));
});
