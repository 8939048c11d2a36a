// The kernel stack a module's code runs on (x86-64, Debian's 6.1): how big it is, and what the build and the port leave of it.

/** CONFIG_FRAME_WARN on 64-bit: the build warns about any function whose frame is larger. */
export const FRAME_WARN = 2048;
/** THREAD_SIZE on x86-64 (16 KiB): the whole stack a call chain has, interrupts included. */
export const THREAD_SIZE = 16384;
/**
 * The stack a port leaves to what runs around the program's own calls: the module loader's frames
 * below init (do_init_module(), do_one_initcall()) and the kernel's calls at the deepest point
 * (printk's vsnprintf(), the allocator). Measured in the guest: a chain of frames that left less
 * than this panicked.
 */
export const RECURSION_RESERVE = 4096;
