/**
 * The offline policy check: a fast pre-merge gate for CI without cloud credentials.
 *
 *   npm run policy:check [-- --stack NAME ...] [--config policy-config.json] [--root DIR]
 *
 * --config takes the same JSON as `pulumi preview --policy-pack-config`; --root is where
 * Pulumi.yaml and the stack files are (default: the project).
 *
 * For each stack (default: every Pulumi.<stack>.yaml), runs index.ts under Pulumi mocks with that
 * stack's configuration, hands every registered resource to the very same policy objects the pack
 * serves, prints one table of findings, and exits non-zero on a mandatory violation (or a stack
 * whose configuration is rejected). What only the live directory can tell (FIPS, Global
 * Accelerator, WorkSpaces counts...) is unknown here, as in a preview, and the policies that need
 * it say they could not decide. `pulumi preview --policy-pack policy` stays the authoritative check.
 */
import { PolicyPackConfig } from "@pulumi/policy";
import * as fs from "fs";
import * as path from "path";
import { ASSOCIATION_TYPE, AssociationObservation } from "../../providers/streamingEndpointAssociation";
import { ProgramFailed, RecordedResource, runProgram } from "../../scripts/mockProgram";
import { PROJECT_ROOT, listStacks, readStackConfig } from "../../scripts/stackConfig";
import { policies } from "../policies";
import { Finding, SnapshotResource, UNKNOWN, evaluate } from "./evaluate";

/** The association's outputs that only the live directory can tell, with the unknown marker of their type. */
const OBSERVED: Record<keyof AssociationObservation, string> = {
  directoryState: UNKNOWN.string,
  workspaceType: UNKNOWN.string,
  endpointEncryptionMode: UNKNOWN.string,
  globalAcceleratorMode: UNKNOWN.string,
  ipGroupIds: UNKNOWN.array,
  vpcEndpointServiceName: UNKNOWN.string,
  vpcEndpointState: UNKNOWN.string,
  pcoipWorkspaceCount: UNKNOWN.number,
  globalAcceleratorWorkspaceCount: UNKNOWN.number,
  warnings: UNKNOWN.array,
};

/** Stands in for a secret the stack file cannot hold (the check never deploys anything). */
const PLACEHOLDER_SECRET = "Offline-Check-Placeholder-1";

export interface StackFinding extends Finding {
  readonly stack: string;
}

export interface CheckResult {
  readonly findings: StackFinding[];
  /** Stacks whose configuration the program rejected, with its message. */
  readonly rejected: { stack: string; message: string }[];
  readonly resources: Record<string, number>;
  readonly mandatory: number;
}

export interface CheckOptions {
  readonly stacks?: string[];
  readonly config?: PolicyPackConfig;
  /** Where Pulumi.yaml and the stack files are. Defaults to the project root. */
  readonly root?: string;
  /** The program. Defaults to the project's index.ts. */
  readonly program?: string;
}

/** The snapshot a preview would show: inputs as given, outputs with what cannot be known offline left unknown. */
export function snapshotOf(resources: readonly RecordedResource[], offline = true): SnapshotResource[] {
  return resources.map((r) => {
    const { __provider: _provider, ...inputs } = r.inputs;
    const outputs: Record<string, unknown> = { ...r.state, id: r.id };
    delete outputs.__provider;
    if (offline && r.type === ASSOCIATION_TYPE) {
      Object.assign(outputs, OBSERVED);
    }
    return { ...r, inputs, outputs };
  });
}

/** The stack's directory mode as the program will read it (lab when unset or unreadable). */
function directoryMode(config: Record<string, string>): string {
  try {
    return (
      (JSON.parse(config["workspaces-privatelink:directory"] ?? "{}") as { mode?: string }).mode ?? "lab"
    );
  } catch {
    return "lab"; // the program reports the malformed value itself
  }
}

export async function checkStacks(options: CheckOptions = {}): Promise<CheckResult> {
  const root = options.root ?? PROJECT_ROOT;
  const stacks = options.stacks?.length ? options.stacks : listStacks(root);
  const findings: StackFinding[] = [];
  const rejected: CheckResult["rejected"] = [];
  const resources: Record<string, number> = {};
  for (const stack of stacks) {
    const file = readStackConfig(stack, root);
    const config = { ...file.config };
    const secrets = [...file.secretKeys];
    if (directoryMode(config) === "lab") {
      secrets.push("workspaces-privatelink:directoryAdminPassword"); // a lab directory needs one
    }
    for (const key of secrets) {
      config[key] ??= PLACEHOLDER_SECRET;
    }
    try {
      const run = await runProgram({ config, secretKeys: secrets, stack, program: options.program });
      resources[stack] = run.resources.length;
      const stackFindings = await evaluate(snapshotOf(run.resources), policies, options.config ?? {});
      findings.push(...stackFindings.map((f) => ({ ...f, stack })));
    } catch (error) {
      if (!(error instanceof ProgramFailed)) {
        throw error;
      }
      rejected.push({ stack, message: error.message });
    }
  }
  const mandatory = findings.filter((f) => f.level === "mandatory").length;
  return { findings, rejected, resources, mandatory };
}

function resourceOf(urn: string): string {
  if (!urn) {
    return "(stack)";
  }
  const parts = urn.split("::");
  return `${(parts[2] ?? "").split("$").pop()!.split(":").pop()} "${parts[3]}"`;
}

/** The table and the summary, as printed. */
export function formatResult(result: CheckResult): string {
  const rows = result.findings
    .slice()
    .sort((a, b) => (a.level === b.level ? 0 : a.level === "mandatory" ? -1 : 1))
    .map((f) => [f.stack, f.level, f.policy, resourceOf(f.urn), f.message]);
  const header = ["STACK", "LEVEL", "POLICY", "RESOURCE", "MESSAGE"];
  const widths = header.slice(0, 4).map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 4 ? c.padEnd(widths[i]) : c)).join("  ");
  const out: string[] = [];
  for (const { stack, message } of result.rejected) {
    out.push(`stack ${stack}: the program rejected its configuration:\n${message}\n`);
  }
  out.push(line(header), widths.map((w) => "-".repeat(w)).join("  ") + "  -------");
  rows.forEach((r) => out.push(line(r)));
  if (rows.length === 0) {
    out.push("(no findings)");
  }
  const advisory = result.findings.length - result.mandatory;
  const stacks = Object.entries(result.resources).map(([s, n]) => `${s} (${n} resources)`);
  out.push(
    "",
    `${result.mandatory} mandatory, ${advisory} advisory; checked ${stacks.join(", ") || "no stack"}` +
      (result.rejected.length ? `; rejected: ${result.rejected.map((r) => r.stack).join(", ")}` : ""),
  );
  return out.join("\n");
}

function parseArgs(argv: string[]): CheckOptions {
  const stacks: string[] = [];
  let config: PolicyPackConfig | undefined;
  let root: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--stack" && argv[i + 1]) {
      stacks.push(argv[++i]);
    } else if (argv[i] === "--root" && argv[i + 1]) {
      root = path.resolve(argv[++i]);
    } else if (argv[i] === "--config" && argv[i + 1]) {
      config = JSON.parse(fs.readFileSync(path.resolve(argv[++i]), "utf8")) as PolicyPackConfig;
    } else {
      throw new Error(
        `policy:check: unknown argument ${argv[i]}; use --stack NAME (repeatable), --config FILE and --root DIR`,
      );
    }
  }
  return { stacks, config, root };
}

if (require.main === module) {
  checkStacks(parseArgs(process.argv.slice(2)))
    .then((result) => {
      console.log(formatResult(result));
      process.exitCode = result.mandatory > 0 || result.rejected.length > 0 ? 1 : 0;
    })
    .catch((error: Error) => {
      console.error(error.message);
      process.exitCode = 2;
    });
}
