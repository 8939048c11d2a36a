import { describe, expect, it } from "vitest";
import rule from "../../src/rules/allocation-results-checked.js";
import { checkCase, runAll, runRule } from "../helpers/rule-tester.js";

describe("allocation-results-checked", () => {
  it("tests a result dereferenced with -> before any test", () =>
    checkCase(rule, {
      code: "struct n { int v; };\nvoid push(int v)\n{\n\tstruct n *p = malloc(sizeof(*p));\n\tp->v = v;\n}\n",
      output: "struct n { int v; };\nvoid push(int v)\n{\n\tstruct n *p = malloc(sizeof(*p));\n\tif (!p)\n\t\texit(EXIT_FAILURE);\n\tp->v = v;\n}\n",
    }));
  it("an assertion's test is no test: assert() goes on in the module, so each result it names is tested", () =>
    checkCase(rule, {
      code: "int sum(int n)\n{\n\tint *a = malloc(n);\n\tint *b = malloc(n);\n\n\tassert(a && b);\n\ta[0] = b[0] = 1;\n\treturn a[0] + b[0];\n}\n",
      output: "int sum(int n)\n{\n\tint *a = malloc(n);\n\tint *b = malloc(n);\n\tif (!a)\n\t\texit(EXIT_FAILURE);\n\tif (!b)\n\t\texit(EXIT_FAILURE);\n\n\tassert(a && b);\n\ta[0] = b[0] = 1;\n\treturn a[0] + b[0];\n}\n",
    }));
  it("a result read through the program's own macro (AT(t, i) for (t)[i], FIRST(p) for (p)->v) is tested; one a macro only passes on is not", () =>
    checkCase(rule, {
      code: "#define AT(p, i) ((p)[i])\n#define FIRST(p) (p)->v\n#define KEEP(p) keep(p)\nstruct n { int v; };\nint f(int n)\n{\n\tint *t = malloc(n);\n\tstruct n *q = malloc(8);\n\tchar *k = malloc(4);\n\n\tAT(t, 0) = FIRST(q);\n\tKEEP(k);\n\treturn 0;\n}\n",
      output: "#define AT(p, i) ((p)[i])\n#define FIRST(p) (p)->v\n#define KEEP(p) keep(p)\nstruct n { int v; };\nint f(int n)\n{\n\tint *t = malloc(n);\n\tstruct n *q = malloc(8);\n\tchar *k = malloc(4);\n\tif (!t)\n\t\texit(EXIT_FAILURE);\n\tif (!q)\n\t\texit(EXIT_FAILURE);\n\n\tAT(t, 0) = FIRST(q);\n\tKEEP(k);\n\treturn 0;\n}\n",
    }));
  it("tests a result a loop hands back to its own allocating call (q = step(p); p = q;): the next call reads what this test covered", () =>
    checkCase(rule, {
      code: "struct m { int v; };\nstatic struct m *step(struct m *x)\n{\n\tstruct m *y = malloc(sizeof(*y));\n\n\tif (!y)\n\t\treturn NULL;\n\ty->v = x->v + 1;\n\treturn y;\n}\nint run(struct m *p)\n{\n\tstruct m *q;\n\tint n;\n\n\tfor (n = 0; n < 4; n++) {\n\t\tq = step(p);\n\t\tp = q;\n\t}\n\treturn p->v;\n}\n",
      output: "struct m { int v; };\nstatic struct m *step(struct m *x)\n{\n\tstruct m *y = malloc(sizeof(*y));\n\n\tif (!y)\n\t\treturn NULL;\n\ty->v = x->v + 1;\n\treturn y;\n}\nint run(struct m *p)\n{\n\tstruct m *q;\n\tint n;\n\n\tfor (n = 0; n < 4; n++) {\n\t\tq = step(p);\n\t\tif (!q)\n\t\t\texit(EXIT_FAILURE);\n\t\tp = q;\n\t}\n\treturn p->v;\n}\n",
    }));
  it("takes no NULL a function returns for a value (a tree's delete, a lookup) for a failed allocation: it allocates nothing", async () => {
    const r = await runRule(
      rule,
      "struct node { int key; struct node *left, *right; };\nstatic struct node *drop_right(struct node *root)\n{\n\tif (!root)\n\t\treturn NULL;\n\treturn root->left;\n}\nint main(void)\n{\n\tstruct node *a = malloc(sizeof(*a));\n\n\tif (!a)\n\t\treturn 1;\n\ta->left = NULL;\n\ta->right = NULL;\n\ta->right = drop_right(a->right);\n\tfree(a);\n\treturn 0;\n}\n",
    );
    expect(r.output).toContain("\ta->right = drop_right(a->right);\n\tfree(a);\n");
  });
  it("follows an assignment, a subscript and the program's indentation", () =>
    checkCase(rule, {
      code: "int f(int n)\n{\n    int *a;\n    a = (int *)calloc(n, sizeof(int));\n    a[0] = 1;\n    return a[0];\n}\n",
      output: "int f(int n)\n{\n    int *a;\n    a = (int *)calloc(n, sizeof(int));\n    if (!a)\n        exit(EXIT_FAILURE);\n    a[0] = 1;\n    return a[0];\n}\n",
    }));
  it("counts strcpy() into the block as a dereference", () =>
    checkCase(rule, {
      code: "void f(const char *s)\n{\n\tchar *c = malloc(8);\n\tstrcpy(c, s);\n}\n",
      output: "void f(const char *s)\n{\n\tchar *c = malloc(8);\n\tif (!c)\n\t\texit(EXIT_FAILURE);\n\tstrcpy(c, s);\n}\n",
    }));
  it("tests a result kept in a member, through . and ->, before its first use", () =>
    checkCase(rule, {
      code: "struct r { char *buf; };\nvoid f(struct r *q, const char *s)\n{\n\tstruct r v;\n\n\tv.buf = malloc(8);\n\tq->buf = strdup(s);\n\tstrcpy(v.buf, q->buf);\n}\n",
      output:
        "struct r { char *buf; };\nvoid f(struct r *q, const char *s)\n{\n\tstruct r v;\n\n\tv.buf = malloc(8);\n\tif (!v.buf)\n\t\texit(EXIT_FAILURE);\n\tq->buf = strdup(s);\n\tif (!q->buf)\n\t\texit(EXIT_FAILURE);\n\tstrcpy(v.buf, q->buf);\n}\n",
    }));
  it("tests an element stored to (v[i] = malloc(n), *slot = malloc(n)) that the function never tests, where the flow follows no path", () =>
    checkCase(rule, {
      code: "void f(int **m, int **slot, int n)\n{\n\tfor (int i = 0; i < n; i++)\n\t\tm[i] = malloc(n);\n\t*slot = malloc(4);\n\tm[0][0] = **slot;\n}\n",
      output: "void f(int **m, int **slot, int n)\n{\n\tfor (int i = 0; i < n; i++) {\n\t\tm[i] = malloc(n);\n\t\tif (!m[i])\n\t\t\texit(EXIT_FAILURE);\n\t}\n\t*slot = malloc(4);\n\tif (!*slot)\n\t\texit(EXIT_FAILURE);\n\tm[0][0] = **slot;\n}\n",
    }));
  it("tests a store through a pointer the function tested only before (the walk to a list's tail), after a comment that ends the line", () =>
    checkCase(rule, {
      code: "struct t { struct t *next; };\nvoid add(struct t **slot)\n{\n\twhile (*slot)\n\t\tslot = &(*slot)->next;\n\t*slot = malloc(sizeof(**slot)); // the tail\n\t(*slot)->next = NULL;\n}\n",
      output: "struct t { struct t *next; };\nvoid add(struct t **slot)\n{\n\twhile (*slot)\n\t\tslot = &(*slot)->next;\n\t*slot = malloc(sizeof(**slot)); // the tail\n\tif (!*slot)\n\t\texit(EXIT_FAILURE);\n\t(*slot)->next = NULL;\n}\n",
    }));
  it("leaves an element the function tests itself, and one whose index has side effects", () =>
    checkCase(rule, {
      code: "void f(int **m, int n)\n{\n\tint k = 0;\n\n\tm[0] = malloc(n);\n\tif (m[0] == NULL)\n\t\treturn;\n\tm[k++] = malloc(n);\n\tif (!m[k - 1])\n\t\treturn;\n\tm[g(k)] = malloc(n);\n}\n",
      unchanged: true,
    }));
  it("tests a member stored for later (s->buf = malloc(n); return s;) that the program tests against NULL nowhere", () =>
    checkCase(rule, {
      code: "struct st { int *a; };\nstruct st *mk(struct st *s, int n)\n{\n\ts->a = malloc(n);\n\treturn s;\n}\nvoid put(struct st *s) { s->a[0] = 1; }\n",
      output: "struct st { int *a; };\nstruct st *mk(struct st *s, int n)\n{\n\ts->a = malloc(n);\n\tif (!s->a)\n\t\texit(EXIT_FAILURE);\n\treturn s;\n}\nvoid put(struct st *s) { s->a[0] = 1; }\n",
    }));
  it("leaves such a member where the program tests it somewhere", () =>
    checkCase(rule, {
      code: "struct st { int *a; };\nvoid mk(struct st *s, int n)\n{\n\ts->a = malloc(n);\n}\nint put(struct st *s)\n{\n\tif (!s->a)\n\t\treturn -1;\n\ts->a[0] = 1;\n\treturn 0;\n}\n",
      unchanged: true,
    }));
  it("reads a member's subscripts and a comment's words as no test of it (h->size && h->array[i], /* if (!h->array) */)", () =>
    checkCase(rule, {
      code: "struct h { int size; int **array; };\n/* if (!h->array) */\nvoid mk(struct h *h, int n)\n{\n\th->array = malloc(n * sizeof(int *));\n}\nint get(struct h *h, int i)\n{\n\tif (i < h->size && h->array[i])\n\t\treturn *h->array[i];\n\treturn 0;\n}\n",
      output: "struct h { int size; int **array; };\n/* if (!h->array) */\nvoid mk(struct h *h, int n)\n{\n\th->array = malloc(n * sizeof(int *));\n\tif (!h->array)\n\t\texit(EXIT_FAILURE);\n}\nint get(struct h *h, int i)\n{\n\tif (i < h->size && h->array[i])\n\t\treturn *h->array[i];\n\treturn 0;\n}\n",
    }));
  it("tests an element stored in a loop's body without braces (*(c + i) = calloc(…)), braces added around it and its test", () =>
    checkCase(rule, {
      code: "int **grid(int m, int n)\n{\n\tint **c = calloc(m, sizeof(int *));\n\n\tif (!c)\n\t\treturn NULL;\n\tfor (int i = 0; i < m; i++)\n\t\t*(c + i) = calloc(n, sizeof(int));\n\treturn c;\n}\n",
      output: "int **grid(int m, int n)\n{\n\tint **c = calloc(m, sizeof(int *));\n\n\tif (!c)\n\t\treturn NULL;\n\tfor (int i = 0; i < m; i++) {\n\t\t*(c + i) = calloc(n, sizeof(int));\n\t\tif (!*(c + i))\n\t\t\texit(EXIT_FAILURE);\n\t}\n\treturn c;\n}\n",
    }));
  it("follows a copy (t = t->next) to its dereference, and tests where the allocation was stored", () =>
    checkCase(rule, {
      code: "struct t { struct t *next; };\nvoid add(struct t *t)\n{\n\tt->next = malloc(sizeof(*t));\n\tt = t->next;\n\tt->next = NULL;\n}\n",
      output: "struct t { struct t *next; };\nvoid add(struct t *t)\n{\n\tt->next = malloc(sizeof(*t));\n\tif (!t->next)\n\t\texit(EXIT_FAILURE);\n\tt = t->next;\n\tt->next = NULL;\n}\n",
    }));
  it("counts a pointer handed to one of the program's own functions as used there, not one handed to its release function", () =>
    checkCase(rule, {
      code: "static void fill(int *s) { s[0] = 1; }\nstatic void drop(int *s) { free(s); }\nvoid f(void)\n{\n\tint *sol = malloc(8);\n\tint *tmp = malloc(8);\n\n\tfill(sol);\n\tdrop(tmp);\n\tdrop(sol);\n}\n",
      output: "static void fill(int *s) { s[0] = 1; }\nstatic void drop(int *s) { free(s); }\nvoid f(void)\n{\n\tint *sol = malloc(8);\n\tint *tmp = malloc(8);\n\tif (!sol)\n\t\texit(EXIT_FAILURE);\n\n\tfill(sol);\n\tdrop(tmp);\n\tdrop(sol);\n}\n",
    }));
  it("counts a pointer as used by a function of the program's only where that function reads it before testing it, or hands it to one that does", () =>
    checkCase(rule, {
      code: "static int *get(int *t)\n{\n\tif (!t)\n\t\tt = malloc(sizeof(*t));\n\treturn t;\n}\nstatic int first(int *v, int *w) { return w ? w[0] : v[0]; }\nstatic int pass(int *v, int *w) { return first(w, v); }\nvoid f(int *out)\n{\n\tint *p = get(0);\n\tint *a = malloc(8);\n\tint *b = malloc(8);\n\n\tp = get(p);\n\t*out = pass(a, b);\n}\n",
      output: "static int *get(int *t)\n{\n\tif (!t)\n\t\tt = malloc(sizeof(*t));\n\treturn t;\n}\nstatic int first(int *v, int *w) { return w ? w[0] : v[0]; }\nstatic int pass(int *v, int *w) { return first(w, v); }\nvoid f(int *out)\n{\n\tint *p = get(0);\n\tint *a = malloc(8);\n\tint *b = malloc(8);\n\tif (!b)\n\t\texit(EXIT_FAILURE);\n\n\tp = get(p);\n\t*out = pass(a, b);\n}\n",
    }));
  it("reads the right side of && and || and the arms of ?: for dereferences, less what their condition tests", () =>
    checkCase(rule, {
      code: "int f(int n)\n{\n\tint *v = malloc(8);\n\tint *w = malloc(8);\n\tint *x = malloc(8);\n\tint a = n > 0 ? v[0] : 0;\n\tint b = w && w[0];\n\n\treturn a + b + (n || x[1]);\n}\n",
      output: "int f(int n)\n{\n\tint *v = malloc(8);\n\tint *w = malloc(8);\n\tint *x = malloc(8);\n\tif (!v)\n\t\texit(EXIT_FAILURE);\n\tint a = n > 0 ? v[0] : 0;\n\tint b = w && w[0];\n\tif (!x)\n\t\texit(EXIT_FAILURE);\n\n\treturn a + b + (n || x[1]);\n}\n",
    }));
  it("puts the test after the program's own checks that come first and end the function (if (err) { …; return 1; })", () =>
    checkCase(rule, {
      code: "static int *make(int *err)\n{\n\tint *p = malloc(sizeof(*p));\n\n\tif (!p) {\n\t\t*err = 1;\n\t\treturn NULL;\n\t}\n\treturn p;\n}\nint f(void)\n{\n\tint err = 0;\n\tint *p = make(&err);\n\tif (err) {\n\t\tputs(\"out of memory\");\n\t\treturn 1;\n\t}\n\treturn *p;\n}\n",
      output: "static int *make(int *err)\n{\n\tint *p = malloc(sizeof(*p));\n\n\tif (!p) {\n\t\t*err = 1;\n\t\treturn NULL;\n\t}\n\treturn p;\n}\nint f(void)\n{\n\tint err = 0;\n\tint *p = make(&err);\n\tif (err) {\n\t\tputs(\"out of memory\");\n\t\treturn 1;\n\t}\n\tif (!p)\n\t\texit(EXIT_FAILURE);\n\treturn *p;\n}\n",
    }));
  it("tests a member a struct's initializer list allocates, after the declaration", () =>
    checkCase(rule, {
      code: "struct r { int n; char *buf; };\nvoid f(void)\n{\n\tstruct r v = { 8, malloc(8) };\n\n\tv.buf[0] = 0;\n}\n",
      output: "struct r { int n; char *buf; };\nvoid f(void)\n{\n\tstruct r v = { 8, malloc(8) };\n\tif (!v.buf)\n\t\texit(EXIT_FAILURE);\n\n\tv.buf[0] = 0;\n}\n",
    }));
  it("counts what strcpy() and memcpy() read from as dereferenced too (the kernel's read NULL as the C library's)", () =>
    checkCase(rule, {
      code: "void f(char *d)\n{\n\tchar *s = strdup(\"x\");\n\tstrcpy(d, s);\n}\n",
      output: "void f(char *d)\n{\n\tchar *s = strdup(\"x\");\n\tif (!s)\n\t\texit(EXIT_FAILURE);\n\tstrcpy(d, s);\n}\n",
    }));
  it("leaves a member the program tests, and one a call may set again", () =>
    checkCase(rule, {
      code: "struct r { char *buf; };\nvoid g(struct r *);\nvoid f(void)\n{\n\tstruct r v;\n\n\tv.buf = malloc(8);\n\tif (v.buf == NULL)\n\t\treturn;\n\tv.buf[0] = 0;\n\tv.buf = malloc(8);\n\tg(&v);\n\tv.buf[0] = 0;\n}\n",
      unchanged: true,
    }));
  it("leaves a result the program tests, in any form", () =>
    checkCase(rule, {
      code: "void f(void)\n{\n\tint *p = malloc(4);\n\tint *q = malloc(4);\n\tif (p == NULL || !q)\n\t\treturn;\n\t*p = 1;\n\tq[0] = 2;\n}\n",
      unchanged: true,
    }));
  it("leaves a result that is only stored or passed on", () =>
    checkCase(rule, { code: "void f(int **out)\n{\n\tint *p = malloc(4);\n\t*out = p;\n}\n", unchanged: true }));
  it("tests a result dereferenced on one branch only", () =>
    checkCase(rule, {
      code: "void f(int c)\n{\n\tint *p = malloc(4);\n\tif (c)\n\t\t*p = c;\n}\n",
      output: "void f(int c)\n{\n\tint *p = malloc(4);\n\tif (!p)\n\t\texit(EXIT_FAILURE);\n\tif (c)\n\t\t*p = c;\n}\n",
    }));
  it("counts what an assignment's or a declaration's value reads through as a dereference (x = c[0], int n = p->len)", () =>
    checkCase(rule, {
      code: "struct s { int len; };\nvoid f(int *v)\n{\n\tchar *c = malloc(8);\n\tstruct s *p = malloc(sizeof(*p));\n\tint x;\n\n\tx = c[0];\n\tint n = p->len;\n\t*v = x + n;\n}\n",
      output: "struct s { int len; };\nvoid f(int *v)\n{\n\tchar *c = malloc(8);\n\tstruct s *p = malloc(sizeof(*p));\n\tint x;\n\tif (!c)\n\t\texit(EXIT_FAILURE);\n\tif (!p)\n\t\texit(EXIT_FAILURE);\n\n\tx = c[0];\n\tint n = p->len;\n\t*v = x + n;\n}\n",
    }));
  it("follows the program's own allocators that can return NULL (one returning calloc()'s result, one returning NULL itself) as malloc() is followed", () =>
    checkCase(rule, {
      code: "struct n { int v; struct n *kid[2]; };\nstatic struct n *node(void) { return calloc(1, sizeof(struct n)); }\nstatic char *copy(const char *s)\n{\n\tchar *c = malloc(8);\n\n\tif (c == NULL)\n\t\treturn NULL;\n\tstrcpy(c, s);\n\treturn c;\n}\nvoid f(struct n *t, const char *s)\n{\n\tstruct n *p = node();\n\tchar *c = copy(s);\n\n\tp->v = c[0];\n\tt->kid[0] = node();\n\tt = t->kid[0];\n\tt->v = 1;\n}\n",
      output: "struct n { int v; struct n *kid[2]; };\nstatic struct n *node(void) { return calloc(1, sizeof(struct n)); }\nstatic char *copy(const char *s)\n{\n\tchar *c = malloc(8);\n\n\tif (c == NULL)\n\t\treturn NULL;\n\tstrcpy(c, s);\n\treturn c;\n}\nvoid f(struct n *t, const char *s)\n{\n\tstruct n *p = node();\n\tchar *c = copy(s);\n\tif (!p)\n\t\texit(EXIT_FAILURE);\n\tif (!c)\n\t\texit(EXIT_FAILURE);\n\n\tp->v = c[0];\n\tt->kid[0] = node();\n\tif (!t->kid[0])\n\t\texit(EXIT_FAILURE);\n\tt = t->kid[0];\n\tt->v = 1;\n}\n",
    }));
  it("leaves what an allocator returns that ends the program on a failure (xmalloc()), or that tests what it dereferences before returning it", () =>
    checkCase(rule, {
      code: "static void *xmalloc(size_t n)\n{\n\tvoid *p = malloc(n);\n\n\tif (!p)\n\t\texit(1);\n\treturn p;\n}\nstatic int *cell(int v)\n{\n\tint *p = malloc(sizeof(*p));\n\n\t*p = v;\n\treturn p;\n}\nvoid f(void)\n{\n\tint *a = xmalloc(4);\n\tint *b = cell(2);\n\n\t*a = *b;\n}\n",
      output: "static void *xmalloc(size_t n)\n{\n\tvoid *p = malloc(n);\n\n\tif (!p)\n\t\texit(1);\n\treturn p;\n}\nstatic int *cell(int v)\n{\n\tint *p = malloc(sizeof(*p));\n\tif (!p)\n\t\texit(EXIT_FAILURE);\n\n\t*p = v;\n\treturn p;\n}\nvoid f(void)\n{\n\tint *a = xmalloc(4);\n\tint *b = cell(2);\n\n\t*a = *b;\n}\n",
    }));
  it("counts a file-scope variable as used by a call of a function that names it, or calls one that does (buffer = malloc(n); fill();)", () =>
    checkCase(rule, {
      code: "static char *buffer;\nstatic void copy(const char *s) { strcpy(buffer, s); }\nstatic void fill(void) { copy(\"x\"); }\nvoid f(void)\n{\n\tbuffer = malloc(8);\n\tfill();\n}\n",
      output: "static char *buffer;\nstatic void copy(const char *s) { strcpy(buffer, s); }\nstatic void fill(void) { copy(\"x\"); }\nvoid f(void)\n{\n\tbuffer = malloc(8);\n\tif (!buffer)\n\t\texit(EXIT_FAILURE);\n\tfill();\n}\n",
    }));
  it("leaves a file-scope result whose callees name a variable of their own by that name, or none", () =>
    checkCase(rule, {
      code: "static char *buffer;\nstatic void show(void) { char buffer[4] = \"ab\"; puts(buffer); }\nstatic void other(void) { puts(\"x\"); }\nvoid f(void)\n{\n\tbuffer = malloc(8);\n\tshow();\n\tother();\n\tfree(buffer);\n}\n",
      unchanged: true,
    }));
  it("tests a member of an array element (v[i].name = strdup(s)) that the program tests against NULL nowhere", () =>
    checkCase(rule, {
      code: "struct c { char *name; };\nvoid f(struct c *v, const char **s)\n{\n\tfor (int i = 0; i < 2; i++)\n\t\tv[i].name = strdup(s[i]);\n\tputs(v[0].name);\n}\n",
      output: "struct c { char *name; };\nvoid f(struct c *v, const char **s)\n{\n\tfor (int i = 0; i < 2; i++) {\n\t\tv[i].name = strdup(s[i]);\n\t\tif (!v[i].name)\n\t\t\texit(EXIT_FAILURE);\n\t}\n\tputs(v[0].name);\n}\n",
    }));
  it("tests a member a structure's initializer allocates when the structure goes on whole (returned by value), the member tested nowhere", () =>
    checkCase(rule, {
      code: "struct s { int *values; int n; };\nstruct s make(int n)\n{\n\tstruct s v = { calloc(n, sizeof(int)), n };\n\n\treturn v;\n}\n",
      output: "struct s { int *values; int n; };\nstruct s make(int n)\n{\n\tstruct s v = { calloc(n, sizeof(int)), n };\n\tif (!v.values)\n\t\texit(EXIT_FAILURE);\n\n\treturn v;\n}\n",
    }));
  it("tests an allocation that is an arm of a conditional where that arm was taken (v = n > 0 ? malloc(n) : NULL)", () =>
    checkCase(rule, {
      code: "void f(int n)\n{\n\tint *v = n > 0 ? malloc(n * sizeof(int)) : NULL;\n\n\tif (n > 0)\n\t\tv[0] = 1;\n\tfree(v);\n}\n",
      output: "void f(int n)\n{\n\tint *v = n > 0 ? malloc(n * sizeof(int)) : NULL;\n\tif (n > 0 && !v)\n\t\texit(EXIT_FAILURE);\n\n\tif (n > 0)\n\t\tv[0] = 1;\n\tfree(v);\n}\n",
    }));
  it("tests after the declarations that follow and do not read the result, so that a status variable an exit sets is declared there", () =>
    checkCase(rule, {
      code: "int main(void)\n{\n\tint *v = malloc(3 * sizeof(*v));\n\tint status = 0;\n\n\tv[0] = status;\n\tfree(v);\n\treturn status;\n}\n",
      output: "int main(void)\n{\n\tint *v = malloc(3 * sizeof(*v));\n\tint status = 0;\n\tif (!v)\n\t\texit(EXIT_FAILURE);\n\n\tv[0] = status;\n\tfree(v);\n\treturn status;\n}\n",
    }));
  it("reads no dereference in sizeof(*p), which does not evaluate p (a loop's next allocation sized by the last)", () =>
    checkCase(rule, {
      code: "struct t { int v; };\nvoid f(void)\n{\n\tfor (int i = 0; i < 2; i++) {\n\t\tstruct t *p = malloc(sizeof(*p));\n\n\t\tp->v = i;\n\t}\n}\n",
      output: "struct t { int v; };\nvoid f(void)\n{\n\tfor (int i = 0; i < 2; i++) {\n\t\tstruct t *p = malloc(sizeof(*p));\n\t\tif (!p)\n\t\t\texit(EXIT_FAILURE);\n\n\t\tp->v = i;\n\t}\n}\n",
    }));
  it("tests before a following declaration that reads the result", () =>
    checkCase(rule, {
      code: "void f(void)\n{\n\tchar *s = strdup(\"x\");\n\tint n = s[0];\n\n\tprintf(\"%d\\n\", n);\n}\n",
      output: "void f(void)\n{\n\tchar *s = strdup(\"x\");\n\tif (!s)\n\t\texit(EXIT_FAILURE);\n\tint n = s[0];\n\n\tprintf(\"%d\\n\", n);\n}\n",
    }));
  it("refuses, at the dereference, an allocation no test can follow", () =>
    checkCase(rule, {
      code: "void f(int n)\n{\n\tint *p;\n\tfor (p = malloc(4); n > 0; n--)\n\t\t*p = n;\n}\n",
      diagnostics: ["K3015@5:3"],
    }));
  it("frees a half-built structure's block alone where the program's release function would read through a member whose allocation just failed", async () => {
    const code = "#include <stdlib.h>\n#include <stdio.h>\nstruct m { int n; int **rows; };\nstatic void m_free(struct m *m)\n{\n\tfor (int i = 0; i < m->n; i++)\n\t\tfree(m->rows[i]);\n\tfree(m->rows);\n\tfree(m);\n}\nstatic struct m *m_new(int n)\n{\n\tstruct m *m = malloc(sizeof(*m));\n\n\tif (!m)\n\t\treturn NULL;\n\tm->n = n;\n\tm->rows = calloc(n, sizeof(*m->rows));\n\tfor (int i = 0; i < n; i++) {\n\t\tm->rows[i] = calloc(n, sizeof(**m->rows));\n\t\tif (!m->rows[i]) {\n\t\t\tm_free(m);\n\t\t\treturn NULL;\n\t\t}\n\t}\n\treturn m;\n}\nint main(void)\n{\n\tstruct m *m = m_new(3);\n\n\tif (!m)\n\t\treturn 1;\n\tprintf(\"%d\\n\", m->rows[1][1]);\n\tm_free(m);\n\treturn 0;\n}\n";
    const result = await runAll(code, { name: "half" });
    const failed = result.output!.slice(result.output!.indexOf("if (!m->rows) {"));
    // The test of m->rows frees m alone; the program's own m_free(m) stays where the rows are there.
    expect(failed.slice(0, failed.indexOf("}"))).toMatch(/kvfree\(m\);|kfree\(m\);/);
    expect(failed.slice(0, failed.indexOf("}"))).not.toContain("m_free(m)");
    expect(result.output).toContain("\t\t\tm_free(m);\n\t\t\treturn NULL;");
  });
  it("makes a void helper's unchecked result the module's -ENOMEM", async () => {
    const code = "#include <stdlib.h>\nstruct n { int v; };\nstatic struct n *head;\nvoid push(int v)\n{\n\tstruct n *p = malloc(sizeof(*p));\n\tp->v = v;\n\thead = p;\n}\nint main(void)\n{\n\tpush(1);\n\tfree(head);\n\treturn 0;\n}\n";
    const result = await runAll(code, { name: "push" });
    expect(result.output).toContain("if (!p) {");
    expect(result.output).toContain("-ENOMEM");
    expect(result.output).not.toContain("exit(EXIT_FAILURE)");
  });
  it("tests an allocation that is an if's body on the if's own line, in braces on lines of their own", () =>
    checkCase(rule, {
      code: "void f(char *out, int n)\n{\n\tint len = 0;\n\n\tif (len + 1 >= n) out = realloc(out, n *= 2);\n\tout[len++] = 'x';\n}\n",
      output: "void f(char *out, int n)\n{\n\tint len = 0;\n\n\tif (len + 1 >= n) {\n\t\tout = realloc(out, n *= 2);\n\t\tif (!out)\n\t\t\texit(EXIT_FAILURE);\n\t}\n\tout[len++] = 'x';\n}\n",
    }));
  it("tests an element stored in a for's body on the for's own line", () =>
    checkCase(rule, {
      code: "void f(char **v, const char **init, int n)\n{\n\tfor (int i = 0; i < n; i++) v[i] = strdup(init[i]);\n\tputs(v[0]);\n}\n",
      output: "void f(char **v, const char **init, int n)\n{\n\tfor (int i = 0; i < n; i++) {\n\t\tv[i] = strdup(init[i]);\n\t\tif (!v[i])\n\t\t\texit(EXIT_FAILURE);\n\t}\n\tputs(v[0]);\n}\n",
    }));
  it("tests the result of a function that returns NULL itself where it is dereferenced, though it returns memory kept in other variables", async () => {
    const make = "struct p { int id; struct p *next; };\nstatic struct p *make(int n)\n{\n\tstruct p *first = NULL, *last = NULL, *q;\n\n\tfor (int i = 0; i < n; i++) {\n\t\tq = malloc(sizeof(*q));\n\t\tif (!q)\n\t\t\treturn NULL;\n\t\tq->id = i;\n\t\tif (!first)\n\t\t\tfirst = q;\n\t\telse\n\t\t\tlast->next = q;\n\t\tlast = q;\n\t}\n\tlast->next = first;\n\treturn last;\n}\n";
    const { output } = await runRule(rule, `${make}int use(void)\n{\n\tstruct p *c;\n\n\tc = make(5);\n\treturn c->next->id;\n}\n`);
    expect(output).toContain("\tc = make(5);\n\tif (!c)\n\t\texit(EXIT_FAILURE);\n\treturn c->next->id;\n");
  });
  it("tests a result stored after another statement on its line, in the block, on the lines after it", () =>
    checkCase(rule, {
      code: "void f(struct c *c, const char *s, int n)\n{\n\tif (n) { c->t = 1; c->s = strndup(s, n); }\n\tputs(c->s);\n}\n",
      output: "void f(struct c *c, const char *s, int n)\n{\n\tif (n) { c->t = 1; c->s = strndup(s, n);\n\tif (!c->s)\n\t\texit(EXIT_FAILURE); }\n\tputs(c->s);\n}\n",
    }));
  it("tests an element stored at a counter it increments as the element it is after the statement (v[n++] is v[n - 1])", () =>
    checkCase(rule, {
      code: "int f(char **v, char *t)\n{\n\tint n = 0;\n\n\twhile (t) {\n\t\tv[n++] = strdup(t);\n\t\tt = next(t);\n\t}\n\treturn (int)strlen(v[0]);\n}\n",
      output: "int f(char **v, char *t)\n{\n\tint n = 0;\n\n\twhile (t) {\n\t\tv[n++] = strdup(t);\n\t\tif (!v[n - 1])\n\t\t\texit(EXIT_FAILURE);\n\t\tt = next(t);\n\t}\n\treturn (int)strlen(v[0]);\n}\n",
    }));
  it("puts its test after the program's own, made by a macro that leaves (CHECK(a != NULL, out) doing goto out)", () =>
    checkCase(rule, {
      code: "#define CHECK(c, label) do { if (!(c)) goto label; } while (0)\nint f(void)\n{\n\tchar *a;\n\n\ta = malloc(8);\n\tCHECK(a != NULL, out);\n\ta[0] = 0;\n\treturn 0;\nout:\n\treturn -1;\n}\n",
      output: "#define CHECK(c, label) do { if (!(c)) goto label; } while (0)\nint f(void)\n{\n\tchar *a;\n\n\ta = malloc(8);\n\tCHECK(a != NULL, out);\n\tif (!a)\n\t\texit(EXIT_FAILURE);\n\ta[0] = 0;\n\treturn 0;\nout:\n\treturn -1;\n}\n",
    }));
});
