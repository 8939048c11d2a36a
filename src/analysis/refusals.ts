// The constructs outside the portable subset, each with its stable code, the reason, and what to do instead.
import type { DiagnosticCode } from "../core/diagnostics.js";

export interface Refusal {
  code: DiagnosticCode;
  /** What the program uses, in a few words: "floating point". */
  what: string;
  /** One line: why a module cannot, and what to write instead. */
  note: string;
  headers?: string[];
  calls?: string[];
  /** Type names that refuse a program by themselves (FILE, DIR). */
  types?: string[];
  /** Identifiers (macros of a refused header) that refuse a program by themselves. */
  names?: RegExp;
}

/** <math.h>'s floating-point functions; each has an f and an l variant too. */
const MATH_FUNCTIONS = ["sqrt", "cbrt", "hypot", "pow", "exp", "exp2", "expm1", "log", "log10", "log2", "log1p", "sin", "cos", "tan", "asin", "acos", "atan", "atan2", "sinh", "cosh", "tanh", "asinh", "acosh", "atanh", "floor", "ceil", "round", "lround", "llround", "trunc", "rint", "lrint", "llrint", "nearbyint", "fabs", "fmod", "remainder", "modf", "frexp", "ldexp", "scalbn", "copysign", "fdim", "fma", "fmin", "fmax", "erf", "erfc", "tgamma", "lgamma"];

/** <complex.h>'s functions, with f and l variants too. */
const COMPLEX_FUNCTIONS = ["creal", "cimag", "cabs", "carg", "conj", "cproj", "cexp", "clog", "cpow", "csqrt", "csin", "ccos", "ctan", "casin", "cacos", "catan", "csinh", "ccosh", "ctanh", "casinh", "cacosh", "catanh"];

export const REFUSALS: readonly Refusal[] = [
  {
    code: "K3001",
    what: "floating point",
    note: "kernel code does not save the FPU's registers, so it uses none; compute in integers (fixed point: keep values scaled by 1000)",
    headers: ["complex.h", "fenv.h", "float.h", "tgmath.h"],
    calls: [...[...MATH_FUNCTIONS, ...COMPLEX_FUNCTIONS].flatMap((f) => [f, `${f}f`, `${f}l`]), "CMPLX", "CMPLXF", "CMPLXL", "isnan", "isinf", "isfinite", "isnormal", "signbit", "fpclassify", "isgreater", "isgreaterequal", "isless", "islessequal", "islessgreater", "isunordered", "issubnormal", "iszero", "issignaling", "atof", "strtod", "strtof", "strtold"],
    // <math.h>'s constants: M_PI and the like (glibc's), HUGE_VAL, INFINITY, NAN.
    names: /^(?:M_[A-Z0-9_]+|HUGE_VAL[FL]?|INFINITY|NAN|_Complex_I|_Imaginary_I)$/,
  },
  {
    code: "K3002",
    what: "standard input",
    note: "a module has no terminal to read from; take its input as module parameters (insmod NAME.ko key=value)",
    calls: ["scanf", "getchar", "gets", "getline", "getdelim", "vscanf"],
  },
  {
    code: "K3003",
    what: "files and file descriptors",
    note: "a module does not open files; it receives data from user space through an interface it creates (a character device, sysfs, debugfs or procfs)",
    headers: ["fcntl.h", "sys/stat.h", "dirent.h", "sys/mman.h", "sys/ioctl.h", "poll.h", "sys/select.h"],
    calls: ["fopen", "fdopen", "freopen", "fclose", "fread", "fwrite", "fseek", "ftell", "rewind", "fgetc", "getc", "fgets", "fscanf", "ungetc", "feof", "ferror", "fileno", "tmpfile", "open", "creat", "read", "write", "close", "lseek", "pread", "pwrite", "stat", "fstat", "lstat", "unlink", "rename", "remove", "mkdir", "rmdir", "opendir", "readdir", "closedir", "mmap", "munmap", "ioctl", "dup", "dup2", "pipe", "poll", "select"],
    types: ["FILE", "DIR"],
  },
  {
    code: "K3004",
    what: "processes",
    note: "a module runs inside the kernel, not as a process: it cannot fork, exec or wait; do the work in the module itself (or call_usermodehelper for a helper program, with care)",
    headers: ["sys/wait.h", "spawn.h"],
    calls: ["fork", "vfork", "execl", "execlp", "execle", "execv", "execvp", "execve", "system", "popen", "pclose", "wait", "waitpid", "posix_spawn", "kill", "getpid", "getppid"],
  },
  {
    code: "K3005",
    what: "signals",
    note: "signals are delivered to processes, and a module is not one; kernel code reacts to events through callbacks, timers and wait queues",
    headers: ["signal.h"],
    calls: ["signal", "sigaction", "raise", "alarm", "pause", "sigprocmask", "sigemptyset", "sigaddset"],
  },
  {
    code: "K3006",
    what: "non-local jumps",
    note: "setjmp/longjmp would skip the kernel's cleanup and locking; return error codes up the call chain instead",
    headers: ["setjmp.h"],
    calls: ["setjmp", "longjmp", "sigsetjmp", "siglongjmp", "_setjmp", "_longjmp"],
  },
  {
    code: "K3007",
    what: "sockets",
    note: "the socket API is user space's door into the network stack; kernel code uses the in-kernel socket interface (sock_create_kern, kernel_sendmsg), which kernelize does not map",
    // <arpa/inet.h> is ported for its byte-order functions (htons()); its address functions refuse by themselves.
    headers: ["sys/socket.h", "netinet/in.h", "netdb.h", "sys/un.h", "netinet/tcp.h"],
    calls: ["socket", "connect", "bind", "listen", "accept", "send", "recv", "sendto", "recvfrom", "sendmsg", "recvmsg", "shutdown", "getaddrinfo", "freeaddrinfo", "gethostbyname", "inet_pton", "inet_ntop", "inet_addr", "inet_aton", "inet_ntoa", "inet_network", "setsockopt", "getsockopt"],
  },
  {
    code: "K3008",
    what: "threads",
    note: "user-space threads do not exist in the kernel; kernel threads (kthread_run) and workqueues replace them, and kernelize does not map them yet",
    headers: ["pthread.h", "threads.h", "semaphore.h"],
    calls: ["pthread_create", "pthread_join", "pthread_detach", "pthread_exit", "pthread_mutex_init", "pthread_mutex_lock", "pthread_mutex_unlock", "pthread_mutex_destroy", "pthread_cond_wait", "pthread_cond_signal", "pthread_self", "thrd_create", "thrd_join", "mtx_lock", "mtx_unlock", "sem_init", "sem_wait", "sem_post"],
  },
  {
    code: "K3009",
    what: "stack allocation of a run-time size",
    note: "kernel stacks are small (8-16 KiB) and fixed; allocate with kmalloc() and free it, or use a fixed-size array",
    headers: ["alloca.h"],
    calls: ["alloca", "__builtin_alloca"],
  },
  {
    code: "K3010",
    what: "the environment and locales",
    note: "a module has no environment variables and no locale; pass settings as module parameters",
    // <locale.h> itself ports: setlocale() and localeconv() answer as the C locale, the module's only one
    // (c-locale-defined); the POSIX calls that build and switch locale objects do not.
    headers: ["langinfo.h", "wchar.h", "wctype.h"],
    // The multibyte conversions read the locale's character encoding (UTF-8, or one byte each in the C locale).
    calls: ["getenv", "secure_getenv", "setenv", "unsetenv", "putenv", "nl_langinfo", "newlocale", "duplocale", "uselocale", "freelocale", "mblen", "mbtowc", "wctomb", "mbstowcs", "wcstombs", "mbrlen", "mbrtowc", "wcrtomb", "mbsrtowcs", "wcsrtombs", "mbsinit", "btowc", "wctob", "c16rtomb", "c32rtomb", "mbrtoc16", "mbrtoc32"],
    names: /^MB_CUR_MAX$/,
    // wint_t comes with the wide-character I/O of <wchar.h>, whose meaning is the locale's, and mbstate_t is only the
    // state of a multibyte conversion, which is the locale's too (wchar_t itself and
    // L'c' constants are fixed by the ABI: wide-characters-to-s32 ports them; wide strings are refused below).
    types: ["wint_t", "locale_t", "mbstate_t"],
  },
  {
    code: "K3011",
    what: "inline assembly",
    note: "assembly written for user space rarely holds in the kernel (other registers, other rules); use the kernel's own helpers for what it does",
  },
];

const byCall = new Map<string, Refusal>();
const byHeader = new Map<string, Refusal>();
const byType = new Map<string, Refusal>();
for (const r of REFUSALS) {
  for (const c of r.calls ?? []) byCall.set(c, r);
  for (const h of r.headers ?? []) byHeader.set(h, r);
  for (const t of r.types ?? []) byType.set(t, r);
}

export const refusalForCall = (name: string): Refusal | undefined => byCall.get(name);
export const refusalForHeader = (path: string): Refusal | undefined => byHeader.get(path);
export const refusalForType = (name: string): Refusal | undefined => byType.get(name);
/** Every type name some refusal names (FILE, wint_t, mbstate_t, …). */
export const REFUSED_TYPES: readonly string[] = [...byType.keys()];
export const refusalForName = (name: string): Refusal | undefined => REFUSALS.find((r) => r.names?.test(name));
export const refusal = (code: DiagnosticCode): Refusal => REFUSALS.find((r) => r.code === code)!;

/** The C library calls that give a FILE * of something other than stdout or stderr (each refused for itself): without them, a FILE * is one of those two. */
export const STREAM_OPENERS: ReadonlySet<string> = new Set(["fopen", "fdopen", "freopen", "tmpfile", "popen", "fmemopen", "open_memstream"]);
