// setlocale(), localeconv(), strcoll() and strxfrm() answer in the module as they do in the C locale, the only locale a module has.
import { defineRule } from "../core/rule.js";
import { wordsOf } from "./added-code.js";
import { defineWhereUsed, type LibraryDefinition } from "./library-definitions.js";

/** glibc's numbers for the categories; setlocale() below accepts the same range. */
const CATEGORIES: ReadonlyArray<readonly [string, number]> = [
  ["LC_CTYPE", 0],
  ["LC_NUMERIC", 1],
  ["LC_TIME", 2],
  ["LC_COLLATE", 3],
  ["LC_MONETARY", 4],
  ["LC_MESSAGES", 5],
  ["LC_ALL", 6],
  ["LC_PAPER", 7],
  ["LC_NAME", 8],
  ["LC_ADDRESS", 9],
  ["LC_TELEPHONE", 10],
  ["LC_MEASUREMENT", 11],
  ["LC_IDENTIFICATION", 12],
];
const LAST_CATEGORY = CATEGORIES.length - 1;

const SETLOCALE = [
  "/*",
  " * The module's only locale is \"C\" (\"POSIX\" is its other name), which is also what \"\" picks",
  " * where no environment names another; asking for any other locale gets NULL, as a locale",
  " * that is not installed does.",
  " */",
  "static inline char *setlocale(int category, const char *locale)",
  "{",
  `\tif (category < 0 || category > ${LAST_CATEGORY})`,
  "\t\treturn NULL;",
  "\tif (!locale || !*locale || !strcmp(locale, \"C\") || !strcmp(locale, \"POSIX\"))",
  "\t\treturn \"C\";",
  "\treturn NULL;",
  "}",
  "",
].join("\n");

/** The members of C's struct lconv: the strings, then the char-sized numbers. */
const LCONV_STRINGS = ["decimal_point", "thousands_sep", "grouping", "int_curr_symbol", "currency_symbol", "mon_decimal_point", "mon_thousands_sep", "mon_grouping", "positive_sign", "negative_sign"];
const LCONV_NUMBERS = ["int_frac_digits", "frac_digits", "p_cs_precedes", "p_sep_by_space", "n_cs_precedes", "n_sep_by_space", "p_sign_posn", "n_sign_posn", "int_p_cs_precedes", "int_p_sep_by_space", "int_n_cs_precedes", "int_n_sep_by_space", "int_p_sign_posn", "int_n_sign_posn"];

const LOCALECONV = [
  "struct lconv {",
  ...LCONV_STRINGS.map((m) => `\tchar *${m};`),
  ...LCONV_NUMBERS.map((m) => `\tchar ${m};`),
  "};",
  "",
  "/*",
  " * The C locale's conventions: a '.' between the units and the fraction, and nothing else:",
  " * each other string is empty, and each number is 127, the C library's CHAR_MAX on x86-64",
  " * (where char is signed), which means \"not given\".",
  " */",
  "static inline struct lconv *localeconv(void)",
  "{",
  "\tstatic struct lconv c_locale = {",
  ...LCONV_STRINGS.map((m) => `\t\t.${m} = "${m === "decimal_point" ? "." : ""}",`),
  ...LCONV_NUMBERS.map((m) => `\t\t.${m} = 127,`),
  "\t};",
  "",
  "\treturn &c_locale;",
  "}",
  "",
].join("\n");

const STRXFRM = [
  "/* strxfrm() in the C locale: the collation key of a string is the string itself. */",
  "static inline size_t strxfrm(char *dest, const char *src, size_t n)",
  "{",
  "\tsize_t len = strlen(src);",
  "",
  "\tif (n)",
  "\t\tmemcpy(dest, src, len < n ? len + 1 : n);",
  "\treturn len;",
  "}",
  "",
].join("\n");

export default defineRule({
  id: "c-locale-defined",
  summary: "setlocale(), localeconv(), strcoll() and strxfrm() behave in the module as in the C locale, the only one a module has; the LC_ categories and struct lconv come with them",
  explanation: [
    "A C program starts in the \"C\" locale and stays there until it calls setlocale(); the locales it can switch to are files the C library loads, chosen from the environment (LANG, LC_ALL) when it asks for \"\".",
    "The kernel has neither: no locale files and no environment. Its only locale is the C locale, and the port says so instead of refusing the program. The module defines setlocale() to accept \"C\", \"POSIX\" and \"\" (which, with no environment to read, is the C locale too) and to return NULL for any other name, exactly what the C library returns when that locale is not installed; a program must already handle that NULL, since a locale it names may be missing on any machine.",
    "What the C locale means elsewhere stays true: localeconv() returns the C locale's conventions (\".\" as the decimal point, every other string empty and every number CHAR_MAX, 127 in the C library of x86-64), strcoll() compares as strcmp() does, so the call becomes strcmp(), and strxfrm() copies the string as its own collation key. The <ctype.h> calls already answer as the C locale does (ctype-c-locale-defined).",
    "The LC_ constants the program names get glibc's values, and <locale.h> goes with the other C library headers.",
  ].join(" "),
  docs: ["https://en.cppreference.com/w/c/locale/setlocale", "https://pubs.opengroup.org/onlinepubs/9799919799/basedefs/V1_chap07.html"],
  headers: ["linux/string.h"],
  safety: "safe",
  handles: ["setlocale", "localeconv", "strcoll", "strxfrm"],
  run(ctx) {
    const { program, source } = ctx.facts;
    let used = false;
    for (const { callee } of program.libraryCallsNamed(new Set(["strcoll"]))) {
      ctx.replace(callee, "strcmp");
      used = true;
    }
    const words = wordsOf(source);
    const named = CATEGORIES.filter(([name]) => words.has(name));
    const definitions: LibraryDefinition[] = [
      // The constants first: setlocale()'s own definition below names none of them.
      ...(named.length > 0 ? [{ functions: ["setlocale"], types: named.map(([n]) => n), text: `${named.map(([n, v]) => `#define ${n} ${v}`).join("\n")}\n` }] : []),
      { functions: ["setlocale"], text: SETLOCALE },
      { functions: ["localeconv"], types: ["lconv"], text: LOCALECONV },
      { functions: ["strxfrm"], text: STRXFRM },
    ];
    if (defineWhereUsed(ctx, definitions)) used = true;
    if (used) ctx.use();
  },
});
