/**
 * The real Pulumi CLI, run with the stand-ins: `npm run engine -- <pulumi arguments>` (main) and
 * the engine tests (startEngine). What it sets up for each command:
 *
 * - the engine: the build of engine/ (scripts/engine.js), or a `pulumi` on the PATH;
 * - the account: tests/engine/cloud.ts, in this process, its state in the folder;
 * - plugins: `pulumi-resource-aws` and `pulumi-resource-tls` (tests/engine/plugins.ts) and the
 *   dynamic-provider launcher `@pulumi/pulumi` ships, first on the PATH, so the engine takes them
 *   (ambient plugins) and never looks for pulumi-aws;
 * - the program transpiled, not type-checked (`npm run typecheck` does that);
 * - off the network: a local backend in the folder (`PULUMI_BACKEND_URL=file://<folder>`), a
 *   PULUMI_HOME of its own, a fixed passphrase unless one is set, no update check, no plugin
 *   download, and AWS reached only through AWS_ENDPOINT_URL_* on 127.0.0.1.
 *
 * The folder is PULUMI_BACKEND_URL's (a file:// URL) when set, else `.engine/` in the folder the
 * command runs in; consecutive commands with one folder see one account and one backend.
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { fileURLToPath, pathToFileURL } from "url";
import type { AccountDescription } from "../../testing/cloud";
import { EngineCloud } from "./cloud";
import { REPLACE_ON } from "./replaceOn";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { locateEngine } = require("../../scripts/engine.js") as {
  locateEngine: (log?: (line: string) => void) =>
    | {
        pulumi: string;
        binDir: string;
        source: "built" | "path";
        build?: { built: boolean; seconds: number };
      }
    | { missing: string };
};

const ROOT = path.resolve(__dirname, "..", "..");
/** The passphrase of the stacks' secrets unless PULUMI_CONFIG_PASSPHRASE says otherwise: test data only. */
export const PASSPHRASE = "workspaces-privatelink engine tier (not a secret)";

export interface EngineResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface Engine {
  readonly folder: string;
  readonly cloud: EngineCloud;
  /** How the engine was found: built here (with its build's seconds) or on the PATH. */
  readonly source: string;
  /** The pulumi executable, and the environment it runs with. */
  readonly executable: string;
  environment(extra?: Record<string, string>): NodeJS.ProcessEnv;
  /** Runs pulumi with these arguments in `cwd`. */
  pulumi(
    args: readonly string[],
    options: { cwd: string; env?: Record<string, string> },
  ): Promise<EngineResult>;
  stop(): Promise<void>;
}

/** The launchers the engine finds on the PATH, written into `<folder>/plugins`. */
function writeLaunchers(folder: string): string {
  const dir = path.join(folder, "plugins");
  fs.mkdirSync(dir, { recursive: true });
  const tsNode = require.resolve("ts-node/register/transpile-only", { paths: [ROOT] });
  for (const name of ["aws", "tls"]) {
    const file = path.join(dir, `pulumi-resource-${name}`);
    fs.writeFileSync(
      file,
      `#!/bin/sh\n# The stand-in ${name} provider (tests/engine/plugins.ts)\nexec "${process.execPath}" -r "${tsNode}" "${path.join(__dirname, "plugins.ts")}" ${name} "$@"\n`,
    );
    fs.chmodSync(file, 0o755);
  }
  const launcher = path.join(dir, "pulumi-resource-pulumi-nodejs");
  fs.copyFileSync(
    require.resolve("@pulumi/pulumi/pulumi-resource-pulumi-nodejs", { paths: [ROOT] }),
    launcher,
  );
  fs.chmodSync(launcher, 0o755);
  return dir;
}

/** The engine and the account, for a series of commands; or why the engine is missing. */
export async function startEngine(options: {
  folder: string;
  account?: AccountDescription;
  log?: (line: string) => void;
}): Promise<Engine | { missing: string }> {
  const found = locateEngine(options.log);
  if ("missing" in found) {
    return found;
  }
  const folder = path.resolve(options.folder);
  fs.mkdirSync(path.join(folder, "backend"), { recursive: true });
  const plugins = writeLaunchers(folder);
  const cloud = await new EngineCloud({ folder, account: options.account, replaceOn: REPLACE_ON }).start();
  const env = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => {
    const base: NodeJS.ProcessEnv = { ...process.env };
    for (const key of Object.keys(base)) {
      if (/^(AWS_|PULUMI_)/.test(key) && key !== "PULUMI_CONFIG_PASSPHRASE") {
        delete base[key];
      }
    }
    return {
      ...base,
      PATH: [found.binDir, plugins, process.env.PATH].join(path.delimiter),
      PULUMI_BACKEND_URL: pathToFileURL(path.join(folder, "backend")).href,
      PULUMI_HOME: path.join(folder, "home"),
      PULUMI_CONFIG_PASSPHRASE: process.env.PULUMI_CONFIG_PASSPHRASE ?? PASSPHRASE,
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      PULUMI_SKIP_CONFIRMATIONS: "true",
      PULUMI_DIY_BACKEND_NO_LEGACY_WARNING: "true",
      // The program as ts-node runs it, without type-checking it again (npm test's tsc does that).
      PULUMI_NODEJS_TRANSPILE_ONLY: "true",
      ...cloud.env,
      ...extra,
    };
  };
  return {
    folder,
    cloud,
    source:
      found.source === "built"
        ? `built from engine/ (${found.build?.built ? `built now, ${found.build.seconds.toFixed(0)} s` : "cached"})`
        : `on the PATH: ${found.pulumi}`,
    executable: found.pulumi,
    environment: env,
    pulumi: (args, run) =>
      new Promise((resolve, reject) => {
        const child = spawn(found.pulumi, args, {
          cwd: run.cwd,
          env: env(run.env),
          stdio: ["ignore", "pipe", "pipe"],
        });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
        child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
        child.on("error", reject);
        child.on("close", (status) => resolve({ status: status ?? 1, stdout, stderr }));
      }),
    stop: () => cloud.stop(),
  };
}

/** The folder of PULUMI_BACKEND_URL (file://...), else `<cwd>/.engine`. */
export function folderFor(cwd: string, backend = process.env.PULUMI_BACKEND_URL): string {
  if (backend) {
    if (!backend.startsWith("file://")) {
      throw new Error(
        `PULUMI_BACKEND_URL=${backend}: the engine tier keeps its backend in a folder (file://...)`,
      );
    }
    return fileURLToPath(backend);
  }
  return path.join(cwd, ".engine");
}

/** `npm run engine -- <pulumi arguments>`, in the folder npm was started from. */
export async function main(args: readonly string[]): Promise<number> {
  const cwd = process.env.INIT_CWD ?? process.cwd();
  let folder: string;
  try {
    folder = folderFor(cwd);
  } catch (error) {
    process.stderr.write(`engine: ${(error as Error).message}\n`);
    return 2;
  }
  const engine = await startEngine({ folder });
  if ("missing" in engine) {
    process.stderr.write(`engine: ${engine.missing}\n`);
    return 1;
  }
  process.stderr.write(`engine: pulumi ${engine.source}; backend and account in ${folder}\n`);
  const child = spawn(engine.executable, args, { cwd, stdio: "inherit", env: engine.environment() });
  return new Promise((resolve) =>
    child.on("close", (status) => void engine.stop().then(() => resolve(status ?? 1))),
  );
}
