import { describe, expect, it } from "vitest";
import rule from "../../src/rules/byte-order-functions-to-kernel.js";
import { checkCase, runAll } from "../helpers/rule-tester.js";

describe("byte-order-functions-to-kernel", () => {
  it("gives <endian.h>'s and <byteswap.h>'s conversions the kernel's names, and leaves htons() and its kin", () =>
    checkCase(rule, {
      code: "unsigned f(unsigned short s, unsigned v, unsigned long long w)\n{\n\treturn htobe32(v) + be16toh(s) + (unsigned)le64toh(w) + htole16(s) + bswap_32(v) + (unsigned)bswap_64(w) + htons(s) + ntohl(v);\n}\n",
      output: "unsigned f(unsigned short s, unsigned v, unsigned long long w)\n{\n\treturn cpu_to_be32(v) + be16_to_cpu(s) + (unsigned)le64_to_cpu(w) + cpu_to_le16(s) + swab32(v) + (unsigned)swab64(w) + htons(s) + ntohl(v);\n}\n",
    }));
  it("ports a program that includes <endian.h>, <byteswap.h> and <arpa/inet.h> for them; an address function of <arpa/inet.h> is refused as sockets", async () => {
    const r = await runAll("#include <stdio.h>\n#include <stdint.h>\n#include <endian.h>\n#include <byteswap.h>\n#include <arpa/inet.h>\nint main(void)\n{\n\tuint32_t v = htobe32(0x11223344u);\n\tprintf(\"%08x %04x %08x\\n\", (unsigned)bswap_32(v), (unsigned)ntohs(htons(0x1234)), (unsigned)be32toh(v));\n\treturn 0;\n}\n", { name: "m" });
    expect(r.diagnostics).toEqual([]);
    expect(r.output).not.toContain("#include <endian.h>");
    expect(r.output).toContain("uint32_t v = cpu_to_be32(0x11223344u);");
    const refused = await runAll("#include <stdio.h>\n#include <arpa/inet.h>\nint main(void)\n{\n\tprintf(\"%u\\n\", (unsigned)inet_addr(\"127.0.0.1\"));\n\treturn 0;\n}\n", { name: "m" });
    expect(refused.diagnostics.map((d) => d.code)).toEqual(["K3007"]);
  });
});
