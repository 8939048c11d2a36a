import { describe, expect, it } from "vitest";
import { runAll } from "../helpers/rule-tester.js";

const codes = async (code: string) => (await runAll(code, { name: "e" })).diagnostics.map((d) => `${d.code}@${d.range?.line}`);

describe("the environment main() is given", () => {
  it("refuses main()'s third parameter where main() reads it (K3010), at the read", async () => {
    expect(await codes("#include <stdio.h>\nint main(int argc, char *argv[], char *envp[])\n{\n\t(void)argc;\n\t(void)argv;\n\tprintf(\"%s\\n\", envp[0]);\n\treturn 0;\n}\n")).toEqual(["K3010@6"]);
  });
  it("ports a main() that declares envp and never reads it: it goes with the other parameters", async () => {
    const r = await runAll("#include <stdio.h>\nint main(int argc, char **argv, char **envp)\n{\n\tprintf(\"%d\\n\", argc);\n\treturn 0;\n}\n", { name: "e" });
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(r.output).not.toContain("envp");
  });
  it("refuses environ, and a name envp that is not main()'s", async () => {
    expect(await codes("#include <stdio.h>\nextern char **environ;\nstatic int count(char **envp)\n{\n\tint n = 0;\n\twhile (envp[n])\n\t\tn++;\n\treturn n;\n}\nint main(void)\n{\n\tprintf(\"%d\\n\", count(environ));\n\treturn 0;\n}\n")).toEqual(["K3010@2", "K3010@12"]);
  });
});
