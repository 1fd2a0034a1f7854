/**
 * The layering rules `npm run lint` enforces (.dependency-cruiser.cjs), run on
 * small made-up trees: each leak the rules exist for is reported, and the
 * dependencies the architecture allows are not.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { cruise, type ICruiseResult, type IConfiguration } from "dependency-cruiser";
import { afterEach, describe, expect, it } from "vitest";

const config = createRequire(import.meta.url)("../../../.dependency-cruiser.cjs") as IConfiguration;
const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

/** The rule names broken by a tree of files (path → text), each as "rule: from → to". */
async function violations(files: Record<string, string>): Promise<string[]> {
  const root = mkdtempSync(join(tmpdir(), "inkwell-layering-"));
  roots.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  symlinkSync(resolve("node_modules"), join(root, "node_modules"), "dir");
  const { output } = await cruise(["src"], { ...config.options, tsConfig: undefined, baseDir: root, ruleSet: { forbidden: config.forbidden }, validate: true });
  const result = output as ICruiseResult;
  return result.summary.violations.map((violation) => `${violation.rule.name}: ${violation.from} → ${violation.to.replace(/^.*node_modules\//, "")}`);
}

const base = {
  "src/shared/types.ts": "export interface Thing { id: string }\n",
  "src/shared/protocol/names.ts": 'export const PORT = "port";\n',
  "src/shared/protocol/schemas.ts": 'import * as v from "valibot";\nexport const schema = v.string();\n',
  "src/core/logic.ts": 'import type { Thing } from "../shared/types";\nexport const name = (thing: Thing) => thing.id;\n',
};

describe("the layering rules", () => {
  it("allow what the architecture allows", async () => {
    const found = await violations({
      ...base,
      "src/notion/gateway.ts": 'import { Client } from "@notionhq/client";\nimport { name } from "../core/logic";\nexport const client = () => [new Client(), name];\n',
      "src/ai/engine.ts": 'import { name } from "../core/logic";\nexport const engine = name;\n',
      "src/background/index.ts": 'import type { Client } from "@notionhq/client";\nimport { client } from "../notion/gateway";\nimport { engine } from "../ai/engine";\nimport { schema } from "../shared/protocol/schemas";\nexport type C = Client;\nexport const all = [client, engine, schema];\n',
      "src/ui/page.ts": 'import { name } from "../core/logic";\nimport type { Thing } from "../shared/types";\nimport { part } from "./part";\nexport interface Page { id: string }\nexport const page = (thing: Thing) => [name(thing), part];\n',
      // A cycle closed only by a type-only import: nothing runs in it.
      "src/ui/part.ts": 'import type { Page } from "./page";\nexport const part = (page: Page) => page.id;\n',
      "src/content/index.ts": 'import { PORT } from "../shared/protocol/names";\nimport type { Thing } from "../shared/types";\nimport type { schema } from "../shared/protocol/schemas";\nexport const port = (thing: Thing, s: typeof schema) => [PORT, thing, s];\n',
    });
    expect(found).toEqual([]);
  });

  it("report each leak", async () => {
    const found = await violations({
      ...base,
      "src/shared/leak.ts": 'import { name } from "../core/logic";\nexport const leak = name;\n',
      "src/core/leak.ts": 'import { client } from "../notion/gateway";\nexport const leak = client;\n',
      "src/notion/gateway.ts": 'import { all } from "../background/index";\nexport const client = () => all;\n',
      "src/background/index.ts": 'import { Client } from "@notionhq/client";\nimport { client } from "../notion/gateway";\nexport const all = [Client, client];\n',
      "src/ai/engine.ts": 'import { client } from "../notion/gateway";\nexport const engine = client;\n',
      "src/ui/page.ts": 'import { engine } from "../ai/engine";\nimport { schema } from "../shared/protocol/schemas";\nexport const page = [engine, schema];\n',
      "src/content/index.ts": 'import { name } from "../core/logic";\nimport { Thing } from "../shared/types";\nexport const content = [name, {} as Thing];\n',
    });
    expect(found.sort()).toEqual(
      [
        "shared-is-the-bottom: src/shared/leak.ts → src/core/logic.ts",
        "core-uses-only-shared: src/core/leak.ts → src/notion/gateway.ts",
        "notion-uses-core-and-shared: src/notion/gateway.ts → src/background/index.ts",
        "notion-sdk-only-in-the-gateway: src/background/index.ts → @notionhq/client/build/src/index.js",
        "ai-uses-core-and-shared: src/ai/engine.ts → src/notion/gateway.ts",
        "ui-uses-shared-and-core: src/ui/page.ts → src/ai/engine.ts",
        "protocol-schemas-are-worker-only: src/ui/page.ts → src/shared/protocol/schemas.ts",
        "content-uses-only-shared: src/content/index.ts → src/core/logic.ts",
        "content-takes-only-the-protocol-names: src/content/index.ts → src/shared/types.ts",
        "no-circular: src/background/index.ts → src/notion/gateway.ts",
      ].sort(),
    );
  });
});
