// <endian.h>'s htobe32()/be32toh() and <byteswap.h>'s bswap_32() become the kernel's cpu_to_be32()/be32_to_cpu() and swab32(); htons() and its kin are the kernel's already.
import { defineRule } from "../core/rule.js";

/** The C library's byte-order functions with the kernel's function of the same meaning. */
const KERNEL_NAMES: ReadonlyMap<string, string> = new Map([
  ...[16, 32, 64].flatMap((n): Array<[string, string]> => [
    [`htobe${n}`, `cpu_to_be${n}`],
    [`htole${n}`, `cpu_to_le${n}`],
    [`be${n}toh`, `be${n}_to_cpu`],
    [`le${n}toh`, `le${n}_to_cpu`],
    [`bswap_${n}`, `swab${n}`],
  ]),
]);

/** <arpa/inet.h>'s host and network order conversions, which the kernel defines under the same names. */
const SAME_NAMES = ["htons", "htonl", "ntohs", "ntohl"];

export default defineRule({
  id: "byte-order-functions-to-kernel",
  summary: "htobe32(), be32toh(), htole16() and the rest of <endian.h> become cpu_to_be32(), be32_to_cpu(), cpu_to_le16(); bswap_32() of <byteswap.h> becomes swab32(); htons(), htonl(), ntohs() and ntohl() stay, as the kernel has them",
  explanation: [
    "Code that reads or writes a wire format or a file format converts between the processor's byte order and a fixed one. The C library does it with <endian.h> (htobe32(), be32toh(), htole16(), le64toh()), <byteswap.h> (bswap_16/32/64()) and, for network order, <arpa/inet.h> (htons(), htonl(), ntohs(), ntohl()).",
    "The kernel does the same everywhere a driver talks to a device, with its own names from <asm/byteorder.h>: cpu_to_be32() for htobe32(), be32_to_cpu() for be32toh(), the le forms alike, and swab32() for bswap_32(); htons() and its kin it defines under their C library names. Each is a macro that compiles to the same instruction or to nothing, as the C library's do; only the names change.",
    "Only the conversions are ported: the rest of <arpa/inet.h> (inet_pton(), sockets) is refused by itself.",
  ].join(" "),
  docs: ["https://elixir.bootlin.com/linux/v6.1/source/include/linux/byteorder/generic.h", "https://man7.org/linux/man-pages/man3/endian.3.html"],
  headers: [],
  safety: "safe",
  calls: [...KERNEL_NAMES.keys(), ...SAME_NAMES],
  rewrite({ call, name }, ctx) {
    const kernel = KERNEL_NAMES.get(name);
    if (!kernel) {
      ctx.use();
      return;
    }
    ctx.replace(call.childForFieldName("function") ?? call, kernel);
  },
});
