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

/** Each generated table: its marker name and what writes it. */
export const TABLES: Record<string, { source: string; render: () => string }> = {
  configuration: { source: "config/settings.ts and config/schema.ts", render: configTable },
  outputs: { source: "outputs.ts", render: outputsTable },
};

const begin = (name: string) => new RegExp(`<!-- ${name} table: [^>]*-->\\n`);
const end = (name: string) => `<!-- end of ${name} table -->`;

/** The README with every generated table rewritten and the whole formatted; throws when a marker is missing. */
export async function renderReadme(text: string): Promise<string> {
  let out = text;
  for (const [name, table] of Object.entries(TABLES)) {
    const start = begin(name).exec(out);
    const stop = out.indexOf(end(name));
    if (!start || stop < start.index) {
      throw new Error(
        `README.md has no "${name}" table markers: <!-- ${name} table: ... --> and ${end(name)}`,
      );
    }
    const head = `<!-- ${name} table: written by npm run docs from ${table.source}; edit those, not this -->\n`;
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
