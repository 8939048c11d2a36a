// Linux errno numbers to their names (x86-64 and the generic ABI agree on all of these), for load and unload results.
//
// A table of our own, not os.constants.errno or util.getSystemErrorName(): the numbers are the
// guest's (always Linux), not the host's, and Node knows 79 of Linux's 133 names (none for ENOKEY or
// EHWPOISON, which a module can return). tests/verify/errno.test.ts checks it against Node's on Linux.

const NAMES = [
  "", "EPERM", "ENOENT", "ESRCH", "EINTR", "EIO", "ENXIO", "E2BIG", "ENOEXEC", "EBADF", "ECHILD",
  "EAGAIN", "ENOMEM", "EACCES", "EFAULT", "ENOTBLK", "EBUSY", "EEXIST", "EXDEV", "ENODEV", "ENOTDIR",
  "EISDIR", "EINVAL", "ENFILE", "EMFILE", "ENOTTY", "ETXTBSY", "EFBIG", "ENOSPC", "ESPIPE", "EROFS",
  "EMLINK", "EPIPE", "EDOM", "ERANGE", "EDEADLK", "ENAMETOOLONG", "ENOLCK", "ENOSYS", "ENOTEMPTY", "ELOOP",
  "", "ENOMSG", "EIDRM", "ECHRNG", "EL2NSYNC", "EL3HLT", "EL3RST", "ELNRNG", "EUNATCH", "ENOCSI",
  "EL2HLT", "EBADE", "EBADR", "EXFULL", "ENOANO", "EBADRQC", "EBADSLT", "", "EBFONT", "ENOSTR",
  "ENODATA", "ETIME", "ENOSR", "ENONET", "ENOPKG", "EREMOTE", "ENOLINK", "EADV", "ESRMNT", "ECOMM",
  "EPROTO", "EMULTIHOP", "EDOTDOT", "EBADMSG", "EOVERFLOW", "ENOTUNIQ", "EBADFD", "EREMCHG", "ELIBACC", "ELIBBAD",
  "ELIBSCN", "ELIBMAX", "ELIBEXEC", "EILSEQ", "ERESTART", "ESTRPIPE", "EUSERS", "ENOTSOCK", "EDESTADDRREQ", "EMSGSIZE",
  "EPROTOTYPE", "ENOPROTOOPT", "EPROTONOSUPPORT", "ESOCKTNOSUPPORT", "EOPNOTSUPP", "EPFNOSUPPORT", "EAFNOSUPPORT", "EADDRINUSE", "EADDRNOTAVAIL", "ENETDOWN",
  "ENETUNREACH", "ENETRESET", "ECONNABORTED", "ECONNRESET", "ENOBUFS", "EISCONN", "ENOTCONN", "ESHUTDOWN", "ETOOMANYREFS", "ETIMEDOUT",
  "ECONNREFUSED", "EHOSTDOWN", "EHOSTUNREACH", "EALREADY", "EINPROGRESS", "ESTALE", "EUCLEAN", "ENOTNAM", "ENAVAIL", "EISNAM",
  "EREMOTEIO", "EDQUOT", "ENOMEDIUM", "EMEDIUMTYPE", "ECANCELED", "ENOKEY", "EKEYEXPIRED", "EKEYREVOKED", "EKEYREJECTED", "EOWNERDEAD",
  "ENOTRECOVERABLE", "ERFKILL", "EHWPOISON",
];

/**
 * The kernel's own codes (include/linux/errno.h): never meant to reach user space, but a module
 * init that returns one passes it straight through finit_module(), and libc has no name for it.
 */
const KERNEL_INTERNAL: Record<number, { name: string; message: string }> = {
  512: { name: "ERESTARTSYS", message: "restart system call (kernel-internal)" },
  513: { name: "ERESTARTNOINTR", message: "restart system call (kernel-internal)" },
  514: { name: "ERESTARTNOHAND", message: "restart if no handler (kernel-internal)" },
  515: { name: "ENOIOCTLCMD", message: "no ioctl command (kernel-internal)" },
  516: { name: "ERESTART_RESTARTBLOCK", message: "restart by calling sys_restart_syscall (kernel-internal)" },
  517: { name: "EPROBE_DEFER", message: "driver requests probe retry (kernel-internal)" },
  518: { name: "EOPENSTALE", message: "open found a stale dentry (kernel-internal)" },
  519: { name: "ENOPARAM", message: "parameter not supported (kernel-internal)" },
  521: { name: "EBADHANDLE", message: "illegal NFS file handle (kernel-internal)" },
  522: { name: "ENOTSYNC", message: "update synchronization mismatch (kernel-internal)" },
  523: { name: "EBADCOOKIE", message: "cookie is stale (kernel-internal)" },
  524: { name: "ENOTSUPP", message: "operation is not supported (kernel-internal; modules should return -EOPNOTSUPP)" },
  525: { name: "ETOOSMALL", message: "buffer or request is too small (kernel-internal)" },
  526: { name: "ESERVERFAULT", message: "an untranslatable error occurred (kernel-internal)" },
  527: { name: "EBADTYPE", message: "type not supported by server (kernel-internal)" },
  528: { name: "EJUKEBOX", message: "request initiated, but will not complete before timeout (kernel-internal)" },
  529: { name: "EIOCBQUEUED", message: "iocb queued, will get completion event (kernel-internal)" },
  530: { name: "ERECALLCONFLICT", message: "conflict with recalled state (kernel-internal)" },
  531: { name: "ENOGRACE", message: "NFS file lock reclaim refused (kernel-internal)" },
};

export function errnoName(errno: number): string | undefined {
  return NAMES[errno] || KERNEL_INTERNAL[errno]?.name;
}

/** A description for kernel-internal codes, where libc's strerror() only says "Unknown error 524". */
export function kernelInternalMessage(errno: number): string | undefined {
  return KERNEL_INTERNAL[errno]?.message;
}
