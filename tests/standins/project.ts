/**
 * A copy of the project for the tests that run the offline check or a command on stacks of their
 * own: a folder with the project's Pulumi.yaml and the stack files a test writes; and a command run
 * as a user runs it (`npm run X` is ts-node on the script, from the project's root).
 */
import { SpawnSyncReturns, spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { PROJECT_ROOT } from "../../scripts/stackConfig";
import { SHIPPED as LAB_STACKS } from "../fixtures/urns/shapes";

/** `root` made a project holding `stacks` (name to the text of `Pulumi.<name>.yaml`); returns root. */
export function projectWith(root: string, stacks: Record<string, string>): string {
  fs.mkdirSync(root, { recursive: true });
  // The project file, its program this project's (a copy elsewhere has no index.ts beside it).
  const project = fs.readFileSync(path.join(PROJECT_ROOT, "Pulumi.yaml"), "utf8");
  fs.writeFileSync(
    path.join(root, "Pulumi.yaml"),
    project.replace(/^main: index\.ts$/m, `main: ${path.join(PROJECT_ROOT, "index.ts")}`),
  );
  for (const [name, text] of Object.entries(stacks)) {
    fs.writeFileSync(path.join(root, `Pulumi.${name}.yaml`), text);
  }
  return root;
}

/** The text of a shipped stack file (`Pulumi.<name>.yaml`). */
export function shippedStack(name: string): string {
  return fs.readFileSync(path.join(PROJECT_ROOT, `Pulumi.${name}.yaml`), "utf8");
}

/**
 * The prod stack as shipped until 46d6f25: a lab with an existing directory (`directory.mode:
 * existing`, switched on) and on-premises clients.
 */
export function labProd(): string {
  return fs.readFileSync(path.join(LAB_STACKS, "Pulumi.prod.yaml"), "utf8");
}

/** Today's shipped prod stack (an existing network) with its directory switched to the endpoint. */
export function prodSwitched(): string {
  const text = shippedStack("prod");
  const setting = /^( +)associate: false$/m;
  if (!setting.test(text)) {
    throw new Error("Pulumi.prod.yaml no longer says associate: false");
  }
  return text.replace(setting, "$1associate: true");
}

/** The lab prod stack (labProd) with `directories` (these YAML lines, indented under it) in place of `directory`. */
export function prodWithDirectories(entries: string): string {
  return labProd().replace(
    / {2}workspaces-privatelink:directory:\n( {4}.*\n)+/,
    `  workspaces-privatelink:directories:\n${entries}`,
  );
}

/** One of the project's TypeScript commands (a path from the root, e.g. scripts/policyCheck.ts), as `npm run` runs it. */
export function runCommand(script: string, args: readonly string[]): SpawnSyncReturns<string> {
  return spawnSync(
    process.execPath,
    [require.resolve("ts-node/dist/bin"), "--transpile-only", path.join(PROJECT_ROOT, script), ...args],
    { cwd: PROJECT_ROOT, encoding: "utf8", timeout: 60_000 },
  );
}
