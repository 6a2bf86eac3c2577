import { strict as assert } from "assert";
import * as fs from "fs";
import { z } from "zod";
import { allowedValues } from "../../config/docs";
import { KEYS, schemas } from "../../config/schema";
import { SETTINGS } from "../../config/settings";
import { README, renderReadme } from "../../scripts/docs";

describe("the README's generated tables", () => {
  it("match the code: npm run docs would change nothing", async () => {
    const readme = fs.readFileSync(README, "utf8");
    assert.ok(
      (await renderReadme(readme)) === readme,
      "README.md differs from what npm run docs writes from the code; run npm run docs and commit the result",
    );
  });

  it("document every setting the schema reads, and nothing else", () => {
    const leaves = KEYS.flatMap((key) => {
      const json = z.toJSONSchema(schemas[key], { unrepresentable: "any", io: "input" }) as {
        properties?: Record<string, unknown>;
        oneOf?: { properties?: Record<string, unknown> }[];
      };
      const fields = [json, ...(json.oneOf ?? [])].flatMap((node) => Object.keys(node.properties ?? {}));
      return fields.length > 0 ? [...new Set(fields)].map((f) => `${key}.${f}`) : [key];
    });
    assert.deepEqual(
      Object.keys(SETTINGS)
        .filter((k) => k !== "aws:region")
        .sort(),
      leaves.sort(),
    );
  });

  const allowed: [string, string][] = [
    ["internetAccess", "`https-only`, `none`"],
    ["directory.mode", "`lab`, `existing`"],
    ["client.enabled", "`true`, `false`"],
    ["clientNetwork.rulesPerSecurityGroup", "a whole number, 1 to 1000"],
    ["workspaces", "a list of objects"],
    ["sourceVpc.availabilityZoneIds", "a list"],
    ["directory.name", "text"],
    ["aws:region", "text"],
  ];
  for (const [key, expected] of allowed) {
    it(`say what ${key} allows: ${expected}`, () => {
      assert.equal(allowedValues(key), expected);
    });
  }
});
