// What stopped a corpus program, as one cause that many programs can share: codes for refusals, build and check messages with their names and numbers taken out.
import { DiagnosticCatalog } from "../dist/core/diagnostics.js";

/** The refusal codes that answer each of the corpus's reasons for calling a program unportable. */
const CODES_FOR_REASON = {
  "floating point": ["K3001", "K2012"],
  "standard input": ["K3002"],
  files: ["K3003", "K2021"],
  "locale/environment/wide characters": ["K3010"],
  signals: ["K3005"],
  threads: ["K3008"],
  processes: ["K3004"],
  "setjmp/longjmp": ["K3006"],
  sockets: ["K3007"],
  "inline assembly": ["K3011"],
  "calendar time": ["K2141"],
};

/** Calendar functions, which the port refuses as functions with no kernel counterpart (K1003). */
const CALENDAR = /\b(localtime|gmtime|mktime|strftime|ctime|asctime|difftime|timegm|clock_gettime|gettimeofday|timespec_get)\b/;

/** The port refused the program with a code that names one of the reasons it is unportable. */
export function refusedRightly(entry, row) {
  if (!row.refusal) return false;
  const codes = entry.unportable_because.flatMap((reason) => CODES_FOR_REASON[reason] ?? []);
  if (codes.includes(row.refusal.code)) return true;
  return entry.unportable_because.includes("calendar time") && row.refusal.code === "K1003" && CALENDAR.test(row.refusal.message);
}

/** Names, numbers, quoted text and paths out of a message, so the same problem in two programs reads the same. */
export function normaliseMessage(text) {
  return text
    .replace(/^[^\s:]+\.(?:c|h|ko):\d*:?\s*/, "")
    .replace(/[‘'"`][^’'"`]*[’'"`]/g, "'…'")
    .replace(/\b0x[0-9a-f]+\b/gi, "N")
    .replace(/\b\d+(\.\d+)?\b/g, "N")
    .replace(/\s+/g, " ")
    .trim();
}

/** One line for what stopped the program: the first refusal's code, the first build message, the first difference. */
export function corpusCause(row, entry) {
  switch (row.status) {
    case "refused": {
      if (!row.refusal) return "refused";
      // One cause per code: the catalog's words for it, not each program's message.
      const summary = DiagnosticCatalog[row.refusal.code]?.summary ?? normaliseMessage(row.refusal.message);
      const unportable = entry.class === "unportable" ? ", in a program unportable for another reason" : "";
      return `refused ${row.refusal.code}: ${summary}${unportable}`;
    }
    case "build-failed":
    case "warnings":
      return `${row.status === "warnings" ? "build warning" : "build error"}: ${normaliseMessage((row.build?.messages[0] ?? row.why ?? "").replace(/^[^:]*:\d*: (error|warning): /, ""))}`;
    case "crashed":
      return `crashed: ${normaliseMessage((row.why ?? row.failure ?? "?").replace(/^(success|fail #\d+): /, "")).slice(0, 90)}`;
    case "hung":
      return "hung: the module did not finish within its watchdog";
    case "differs":
      return `differs: ${differenceKind(row.why ?? "")}`;
    case "program-bug":
      return `the program's own bug: ${normaliseMessage(row.why ?? "").replace(/^(success|fail #N): the program's own bug: /, "")}`;
    case "leaks":
      return `leaks: ${normaliseMessage(row.why ?? "").replace(/^(success|fail #N): /, "")}`;
    default:
      return `${row.status}: ${normaliseMessage(row.why ?? "").slice(0, 80)}`;
  }
}

/** The kind of a check difference, without the program's own text. */
function differenceKind(why) {
  const text = why.replace(/^(success|fail #\d+): /, "");
  const scenario = /^success: /.test(why) ? "success run" : "failure run";
  if (/^stdout /.test(text)) return `${scenario}: stdout and KERN_INFO lines differ`;
  if (/^stderr /.test(text)) return `${scenario}: stderr and KERN_ERR lines differ`;
  if (/^the program exits /.test(text)) return `${scenario}: exit status and init's result differ`;
  if (/^program: /.test(text)) return `${scenario}: the program itself ${normaliseMessage(text.slice(9))}`;
  if (/^module: /.test(text)) return `${scenario}: module ${normaliseMessage(text.slice(8)).slice(0, 80)}`;
  return `${scenario}: ${normaliseMessage(text).slice(0, 80)}`;
}
