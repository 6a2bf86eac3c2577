import { strict as assert } from "assert";
import * as fs from "fs";
import { z } from "zod";
import { allowedValues } from "../../config/docs";
import { KEYS, schemas } from "../../config/schema";
import { SETTINGS } from "../../config/settings";
import * as os from "os";
import * as path from "path";
import { REFERENCE, main, renderReference } from "../../scripts/docs";
import { runCommand } from "../standins/project";

describe("the generated tables in docs/reference.md", () => {
  it("match the code: npm run docs would change nothing", async () => {
    const page = fs.readFileSync(REFERENCE, "utf8");
    assert.ok(
      (await renderReference(page)) === page,
      "docs/reference.md differs from what npm run docs writes from the code; run npm run docs and commit the result",
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

  describe("npm run docs, the command", () => {
    const io = () => {
      const seen = { out: "", err: "" };
      return { seen, io: { out: (t: string) => (seen.out += t), err: (t: string) => (seen.err += t) } };
    };

    it("prints its usage for --help, exit 0", () => {
      const run = runCommand("scripts/docs.ts", ["--help"]);
      assert.equal(run.status, 0);
      assert.match(run.stdout, /^usage: npm run docs -- \[--check\]/);
    });

    it("refuses an unknown argument in one line with the usage, exit 2, changing nothing", () => {
      const before = fs.readFileSync(REFERENCE, "utf8");
      const run = runCommand("scripts/docs.ts", ["--chek"]);
      assert.equal(run.status, 2);
      const [first, second] = run.stderr.split("\n");
      assert.equal(first, "docs: Unknown option '--chek' (did you mean --check?)");
      assert.match(second, /^usage: npm run docs -- \[--check\]/);
      assert.equal(fs.readFileSync(REFERENCE, "utf8"), before);
    });

    it("with --check, changes nothing and exits 1 when the page is out of date; without it, rewrites", async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "docs-"));
      try {
        const copy = path.join(dir, "reference.md");
        const stale = fs
          .readFileSync(REFERENCE, "utf8")
          .replace("| `internetAccess` ", "| `internetAccess (stale)` ");
        fs.writeFileSync(copy, stale);
        const check = io();
        assert.equal(await main(["--check"], check.io, copy), 1);
        assert.equal(
          check.seen.err,
          "docs: docs/reference.md differs from what npm run docs writes from the code; run npm run docs and commit the result\n",
        );
        assert.equal(fs.readFileSync(copy, "utf8"), stale, "--check writes nothing");
        assert.equal(await main([], io().io, copy), 0);
        assert.equal(fs.readFileSync(copy, "utf8"), fs.readFileSync(REFERENCE, "utf8"));
        assert.equal(await main(["--check"], io().io, copy), 0);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
