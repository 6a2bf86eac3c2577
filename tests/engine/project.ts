/**
 * A stack of this project for the real engine: a folder with the project's Pulumi.yaml (its main
 * this checkout's index.ts), the stack file, and links to the checkout's node_modules and
 * tsconfig.json (the language host finds `@pulumi/pulumi` and ts-node from the project's folder).
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { PROJECT_ROOT } from "../../scripts/stackConfig";
import { projectWith } from "../standins/project";
import type { AccountDescription } from "../../testing/cloud";
import { skipSuite } from "../standins/skips";
import { Engine, EngineResult, startEngine } from "./run";

/** `root` made a project of this checkout with one stack file. */
export function engineProject(root: string, stack: string, text: string, main = PROJECT_ROOT): string {
  projectWith(root, { [stack]: text });
  if (main !== PROJECT_ROOT) {
    const project = fs.readFileSync(path.join(root, "Pulumi.yaml"), "utf8");
    fs.writeFileSync(
      path.join(root, "Pulumi.yaml"),
      project.replace(/^main: .*$/m, `main: ${path.join(main, "index.ts")}`),
    );
  }
  return linkTree(root, main);
}

/**
 * `dir` given the node_modules and tsconfig.json of `tree` (this checkout, or a release's), where
 * the language host finds `@pulumi/pulumi` and ts-node for the program in `dir`.
 */
export function linkTree(dir: string, tree: string): string {
  for (const link of ["node_modules", "tsconfig.json"]) {
    fs.rmSync(path.join(dir, link), { force: true });
    fs.symlinkSync(path.join(tree, link), path.join(dir, link));
  }
  return dir;
}

/** Runs pulumi and fails the test, with what it printed, unless it exits `status`. */
export async function pulumiOk(
  engine: Engine,
  cwd: string,
  args: readonly string[],
  status = 0,
): Promise<EngineResult> {
  const result = await engine.pulumi(["--non-interactive", ...args], { cwd });
  assert.equal(
    result.status,
    status,
    `pulumi ${args.join(" ")} exited ${result.status}:\n${result.stdout.slice(-6000)}\n${result.stderr.slice(-6000)}`,
  );
  assert.deepEqual(
    engine.cloud.logs.refused,
    [],
    "the program or a plugin called an AWS service the stand-ins lack",
  );
  return result;
}

/** A preview's `--json` summary: the count of each kind of step. */
export function changeSummary(result: EngineResult): Record<string, number> {
  const parsed = JSON.parse(result.stdout) as { changeSummary?: Record<string, number> };
  return parsed.changeSummary ?? {};
}

/** The steps of a `--json` preview that change something: `op urn (diff reasons)`. */
export function changedSteps(result: EngineResult): string[] {
  const parsed = JSON.parse(result.stdout) as {
    steps?: { op: string; urn: string; diffReasons?: string[] }[];
  };
  return (
    (parsed.steps ?? [])
      // a StackReference is read again on every preview: that is how it sees the other stack's outputs
      .filter(
        (s) => s.op !== "same" && !(s.op === "read" && s.urn.includes("::pulumi:pulumi:StackReference::")),
      )
      .map((s) => `${s.op} ${s.urn}${s.diffReasons?.length ? ` (${s.diffReasons.join(", ")})` : ""}`)
  );
}

/** The engine for a suite, or the suite skipped with why (no Go and no pulumi CLI). */
export async function engineOrSkip(
  context: Mocha.Context,
  folder: string,
  account?: AccountDescription,
): Promise<Engine> {
  const started = await startEngine({ folder, account, log: (line) => console.log(`      ${line}`) });
  if ("missing" in started) {
    skipSuite(context, {
      reason: started.missing,
      packages: [],
      fix: "install Go (npm run engine:build builds the engine) or put a pulumi CLI on the PATH",
    });
  }
  console.log(`      engine: pulumi ${(started as Engine).source}`);
  return started as Engine;
}
