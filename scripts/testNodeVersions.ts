/**
 * `npm run test:node-versions`: the part of the suite that depends on the Node.js release, run on
 * each Node.js that `.ci/node-versions` installs (22 and 24, binaries from the npm registry, pinned
 * with their integrity in its lock file). `npm test` runs everything on the machine's Node.js; this
 * runs the representative part on the others (CI does both: .ci/run).
 *
 *   npm ci --prefix .ci/node-versions
 *   npm run test:node-versions
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { UsageError, optionsOrStatus, parseFlags } from "./commandLine";

const ROOT = path.resolve(__dirname, "..");
const VERSIONS = path.join(ROOT, ".ci", "node-versions");

/**
 * What differs between Node.js releases, and the tests that hold it: the provider serialized and
 * loaded back (V8's function text, require-from-string), Pulumi's dynamic-provider and analyzer
 * hosts over gRPC, the AWS SDK over HTTP to moto and the stand-ins, the program and the library's
 * built entry under mocks, and the doctor's sockets (TCP, TLS, UDP) in network namespaces.
 */
export const REPRESENTATIVE = [
  "tests/provider/associationHost.test.ts",
  "tests/provider/association.test.ts",
  "tests/provider/previewRead.test.ts",
  "tests/policy/policyServer.test.ts",
  "tests/components/urns.test.ts",
  "tests/components/example.test.ts",
  "tests/components/outputs.test.ts",
  "tests/components/config.test.ts",
  "tests/tools/doctor.test.ts",
  "tests/tools/cutover.test.ts",
];

export const USAGE = `usage: npm run test:node-versions -- [--all]

  runs the tests that depend on the Node.js release on each Node.js in .ci/node-versions
  (install them first: npm ci --prefix .ci/node-versions)
  --all     the whole suite instead of the representative part
  --help    this text`;

/** The Node.js binaries installed under .ci/node-versions, by package name. */
export function installedNodes(dir = VERSIONS): { name: string; node: string }[] {
  const modules = path.join(dir, "node_modules");
  const names = fs.existsSync(modules) ? fs.readdirSync(modules).sort() : [];
  return names
    .map((name) => ({ name, node: path.join(modules, name, "bin", "node") }))
    .filter(({ node }) => fs.existsSync(node));
}

function main(argv: string[]): number {
  const parsed = optionsOrStatus(
    "test:node-versions",
    USAGE,
    () => {
      const flags = parseFlags(argv, { all: { type: "boolean" }, help: { type: "boolean" } });
      if (flags.help) {
        return "help";
      }
      const nodes = installedNodes();
      if (nodes.length === 0) {
        throw new UsageError("no Node.js in .ci/node-versions; run npm ci --prefix .ci/node-versions first");
      }
      return { all: flags.all === true, nodes };
    },
    { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) },
  );
  if ("status" in parsed) {
    return parsed.status;
  }
  const { all, nodes } = parsed.options;
  const mocha = require.resolve("mocha/bin/mocha.js");
  const specs = all ? ["tests/**/*.test.ts"] : REPRESENTATIVE;
  const results: string[] = [];
  let failed = false;
  for (const { node } of nodes) {
    const version = spawnSync(node, ["--version"], { encoding: "utf8" }).stdout.trim();
    console.log(`\n== Node.js ${version}: ${all ? "the whole suite" : `${specs.length} test files`} ==`);
    const started = Date.now();
    const run = spawnSync(
      node,
      [mocha, "--no-config", "-r", "ts-node/register/transpile-only", "-r", "tests/standins/rootHooks.ts"]
        .concat(["--extension", "ts"])
        .concat(["--timeout", "120000", "--reporter", "dot", ...specs]),
      {
        cwd: ROOT,
        stdio: "inherit",
        // Child processes the tests start by name (node, npx) run on this release too.
        env: { ...process.env, PATH: `${path.dirname(node)}${path.delimiter}${process.env.PATH ?? ""}` },
      },
    );
    const seconds = Math.round((Date.now() - started) / 1000);
    failed ||= run.status !== 0;
    results.push(`Node.js ${version}: ${run.status === 0 ? "passed" : "FAILED"} in ${seconds} s`);
  }
  console.log(`\n${results.join("\n")}`);
  return failed ? 1 : 0;
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
