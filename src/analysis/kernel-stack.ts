// The kernel stack a module's code runs on (x86-64, Debian's 6.1): how big it is, and what the build and the port leave of it.

/** CONFIG_FRAME_WARN on 64-bit: the build warns about any function whose frame is larger. */
export const FRAME_WARN = 2048;
/** THREAD_SIZE on x86-64 (16 KiB): the whole stack a call chain has, interrupts included. */
export const THREAD_SIZE = 16384;
/**
 * The stack a port leaves to what runs around the program's own calls: the module loader's frames
 * below init (do_init_module(), do_one_initcall()) and the kernel's calls at the deepest point
 * (printk's vsnprintf(), the allocator). A margin, not a measured limit: in the guest, a recursion
 * of 330 levels of 48 bytes (about 500 bytes left on paper) panicked, and one of 300 (about 2,000
 * left) did not.
 */
export const RECURSION_RESERVE = 4096;
