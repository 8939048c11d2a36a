// glibc's error(status, errnum, fmt, …) becomes the err()/errx()/warn()/warnx() call that says the same, which the exits and the output rules port.
import { defineRule } from "../core/rule.js";
import { callArguments, unparenthesize } from "../core/syntax.js";

export default defineRule({
  id: "error-calls-to-err",
  summary: "error(status, errnum, fmt, …) of <error.h> becomes errx(status, fmt, …) or err(status, fmt, …), or warnx()/warn() where status is 0, for errnum 0 or errno",
  explanation: [
    "glibc's error() prints the program's name, the message, and with a non-zero errnum the text of that error number; then, when status is not 0, it ends the program with that status. That is what BSD's err() family does, with the error number as an argument instead of errno: error(1, 0, …) is errx(1, …), error(1, errno, …) is err(1, …), and with status 0, which does not end the program, warnx() and warn().",
    "So each call becomes the call of that family that says the same, before the exits are read: the exit rules then make err() and errx() init's failure path, and the output rules make warn() and warnx() pr_warn() lines, as they do for a program written with <err.h>.",
    "A call with another error number (error(0, -rc, …)) prints a text the port has no errno for, and is refused where it stands (K1003).",
  ].join(" "),
  docs: ["https://man7.org/linux/man-pages/man3/error.3.html", "https://man7.org/linux/man-pages/man3/err.3.html"],
  headers: [],
  safety: "safe",
  // Before the program is checked (phase 000, with the repairs): `errno` as error()'s argument is
  // err()'s meaning, which the check knows, and not a read of errno the kernel has no counterpart for.
  repairsSyntax: true,
  calls: ["error"],
  rewrite({ call, callee }, ctx) {
    if (ctx.facts.program.functions.has("error")) return;
    const [status, errnum, format] = callArguments(call);
    if (!status || !errnum || !format) return;
    const number = unparenthesize(errnum).text;
    const withErrno = number === "errno";
    if (!withErrno && number !== "0") {
      ctx.report("K1003", `error() with the error number '${number}' has no kernel counterpart that kernelize knows: it prints the C library's text for that number`, callee, {
        note: "pass 0 or errno as error()'s second argument, or print the message yourself",
      });
      return;
    }
    const ends = unparenthesize(status).text !== "0";
    const name = ends ? (withErrno ? "err" : "errx") : withErrno ? "warn" : "warnx";
    // error(s, e, fmt, …) → err(s, fmt, …) or warn(fmt, …): the name, and the arguments before the format.
    ctx.replace(callee, name);
    ctx.replace({ start: ends ? errnum.startIndex - (ctx.facts.source.slice(status.endIndex, errnum.startIndex).length) : status.startIndex, end: format.startIndex }, ends ? ", " : "");
  },
});
