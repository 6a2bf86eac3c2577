/**
 * `npm run docs`: rewrites the reference's generated tables (docs/reference.md) from the code's own
 * data, between their markers (`<!-- NAME table: ... -->` ... `<!-- end of NAME table -->`), and
 * formats the result with the project's prettier settings. `npm test` fails when the reference and
 * the code differ (tests/components/docs.test.ts), as `prettier --check` does for formatting.
 */
import * as fs from "fs";
import * as path from "path";
import * as prettier from "prettier";
import { configTable } from "../config/docs";
import { CommandIo, optionsOrStatus, parseFlags, runFromCommandLine } from "./commandLine";
import { outputsTable } from "../outputs";
import { PROJECT_ROOT } from "./stackConfig";

/** The one page that holds the generated tables and blocks. */
export const REFERENCE = path.join(PROJECT_ROOT, "docs", "reference.md");
const SHOWN = path.relative(PROJECT_ROOT, REFERENCE);

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

/** The reference with every generated table rewritten and the whole formatted; throws when a marker is missing. */
export async function renderReference(text: string): Promise<string> {
  let out = text;
  for (const [name, table] of Object.entries(TABLES)) {
    const start = begin(name, table.kind).exec(out);
    const stop = out.indexOf(end(name, table.kind));
    if (!start || stop < start.index) {
      throw new Error(
        `${SHOWN} has no "${name}" ${table.kind} markers: <!-- ${name} ${table.kind}: ... --> and ${end(name, table.kind)}`,
      );
    }
    const head = `<!-- ${name} ${table.kind}: written by npm run docs from ${table.source}; edit that, not this -->\n`;
    out = `${out.slice(0, start.index)}${head}\n${table.render()}\n\n${out.slice(stop)}`;
  }
  const options = (await prettier.resolveConfig(REFERENCE)) ?? {};
  return prettier.format(out, { ...options, filepath: REFERENCE });
}

export const USAGE = `usage: npm run docs -- [--check]

  writes docs/reference.md's generated tables and blocks from the code (configuration, outputs,
  IAM policies)
  --check   change nothing; exit 1 when docs/reference.md differs from what would be written (for CI)
  --help    this text

Exit status: 0 when written or up to date, 1 with --check when out of date, 2 on a usage mistake.`;

/** Runs the command on `page` (docs/reference.md unless a test says otherwise); returns the exit status. */
export async function main(argv: string[], io: CommandIo, page = REFERENCE): Promise<number> {
  const parsed = optionsOrStatus(
    "docs",
    USAGE,
    () => {
      const flags = parseFlags(argv, { check: { type: "boolean" }, help: { type: "boolean" } });
      return flags.help ? "help" : { check: flags.check === true };
    },
    io,
  );
  if ("status" in parsed) {
    return parsed.status;
  }
  const before = fs.readFileSync(page, "utf8");
  const after = await renderReference(before);
  if (after === before) {
    io.out(`${SHOWN}: generated tables are up to date\n`);
    return 0;
  }
  if (parsed.options.check) {
    io.err(
      `docs: ${SHOWN} differs from what npm run docs writes from the code; run npm run docs and commit the result\n`,
    );
    return 1;
  }
  fs.writeFileSync(page, after);
  io.out(`${SHOWN}: generated tables rewritten\n`);
  return 0;
}

if (require.main === module) {
  runFromCommandLine("docs", main, 1);
}
