/**
 * `npm run docs`: rewrites the README's generated tables from the code's own data, between their
 * markers (`<!-- NAME table: ... -->` ... `<!-- end of NAME table -->`), and formats the result
 * with the project's prettier settings. `npm test` fails when the README and the code differ
 * (tests/components/docs.test.ts), as `prettier --check` does for formatting.
 */
import * as fs from "fs";
import * as path from "path";
import * as prettier from "prettier";
import { configTable } from "../config/docs";
import { outputsTable } from "../outputs";
import { PROJECT_ROOT } from "./stackConfig";

export const README = path.join(PROJECT_ROOT, "README.md");

/** A JSON file, shown as a block. */
const jsonBlock = (file: string) => () =>
  ["```json", fs.readFileSync(path.join(PROJECT_ROOT, file), "utf8").trim(), "```"].join("\n");

/** Each generated part (a table or a block): its marker name, what it is written from, how. */
export const TABLES: Record<string, { kind: "table" | "block"; source: string; render: () => string }> = {
  configuration: { kind: "table", source: "config/settings.ts and config/schema.ts", render: configTable },
  outputs: { kind: "table", source: "outputs.ts", render: outputsTable },
  "deployer policy": {
    kind: "block",
    source: "providers/iam-policy.json",
    render: jsonBlock("providers/iam-policy.json"),
  },
  "existing network policy": {
    kind: "block",
    source: "config/existing-network-iam-policy.json",
    render: jsonBlock("config/existing-network-iam-policy.json"),
  },
  "monitoring policy": {
    kind: "block",
    source: "components/monitoring-iam-policy.json",
    render: jsonBlock("components/monitoring-iam-policy.json"),
  },
  "cut-over policy": {
    kind: "block",
    source: "cutover/iam-policy.json",
    render: jsonBlock("cutover/iam-policy.json"),
  },
};

const begin = (name: string, kind: string) => new RegExp(`<!-- ${name} ${kind}: [^>]*-->\\n`);
const end = (name: string, kind: string) => `<!-- end of ${name} ${kind} -->`;

/** The README with every generated table rewritten and the whole formatted; throws when a marker is missing. */
export async function renderReadme(text: string): Promise<string> {
  let out = text;
  for (const [name, table] of Object.entries(TABLES)) {
    const start = begin(name, table.kind).exec(out);
    const stop = out.indexOf(end(name, table.kind));
    if (!start || stop < start.index) {
      throw new Error(
        `README.md has no "${name}" ${table.kind} markers: <!-- ${name} ${table.kind}: ... --> and ${end(name, table.kind)}`,
      );
    }
    const head = `<!-- ${name} ${table.kind}: written by npm run docs from ${table.source}; edit that, not this -->\n`;
    out = `${out.slice(0, start.index)}${head}\n${table.render()}\n\n${out.slice(stop)}`;
  }
  const options = (await prettier.resolveConfig(README)) ?? {};
  return prettier.format(out, { ...options, filepath: README });
}

async function main(): Promise<void> {
  const before = fs.readFileSync(README, "utf8");
  const after = await renderReadme(before);
  if (after !== before) {
    fs.writeFileSync(README, after);
    console.log("README.md: generated tables rewritten");
  } else {
    console.log("README.md: generated tables are up to date");
  }
}

if (require.main === module) {
  main().catch((error: Error) => {
    console.error(`npm run docs: ${error.message}`);
    process.exit(1);
  });
}
