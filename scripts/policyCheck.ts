/**
 * The offline policy check: a fast pre-merge gate for CI without cloud credentials.
 *
 * For each stack (default: every Pulumi.<stack>.yaml), runs index.ts under Pulumi mocks with that
 * stack's configuration, hands every registered resource to the very same policy objects the pack
 * serves, prints one table of findings, and exits non-zero on a mandatory violation (or a stack
 * whose configuration is rejected or unreadable). What only the live directory can tell (FIPS,
 * Global Accelerator, WorkSpaces counts...) comes from the last deployment's outputs
 * (`--observed`); without them the rules that need it say, once per stack, that they could not
 * decide. `pulumi preview --policy-pack policy` with credentials stays the authoritative check.
 */
import { PolicyPackConfig } from "@pulumi/policy";
import Ajv from "ajv";
import * as fs from "fs";
import * as path from "path";
import { countVerdicts, type CutoverReport } from "../cutover/classify";
import { ASSOCIATION_TYPE, type CutOverInput } from "../policy/facts";
import { Finding, SnapshotResource, UNKNOWN, evaluate } from "../policy/offline/evaluate";
import { policies } from "../policy/policies";
import type { AssociationObservation } from "../providers/streamingEndpointAssociation";
import { closest } from "../config/problems";
import { type CommandIo, UsageError, optionsOrStatus, parseFlags, runFromCommandLine } from "./commandLine";
import { setupOutputs } from "../doctor/inputs";
import { StackFailed, StackResource, runStack } from "./runStack";
import { PROJECT_ROOT, listStacks, programOf, readStackConfig } from "./stackConfig";
import type { AccountDescription } from "../testing/cloud";

export { UsageError };

export const USAGE = `usage: workspaces-privatelink policy-check [--stack NAME]... [--observed [STACK=]FILE]... [--config FILE] [--root DIR]

  --stack NAME              check this stack (repeatable); default: every Pulumi.<stack>.yaml
  --observed [STACK=]FILE   the last deployment's \`pulumi stack output --json\` for STACK (FILE
                            alone when one --stack is given): the directory's observed settings;
                            or a cut-over report (workspaces-privatelink cutover --json): who it cuts off
  --config FILE             policy pack config, as for pulumi preview --policy-pack-config
  --root DIR                where Pulumi.yaml and the stack files are; default: here
  --program FILE            the program to run under mocks; default: Pulumi.yaml's main (else
                            index.ts) under the root
  --account FILE            a JSON account description (workspaces-privatelink/testing's
                            AccountDescription) for the mocks to answer lookups from; default:
                            any ID the program names is found
  --help                    this text

Exit status: 0 when no mandatory finding, 1 on a mandatory finding or a stack that cannot be
checked, 2 on a usage error.`;

/** The association's outputs that only the live directory can tell, with the unknown marker of their type. */
const OBSERVED: Record<keyof AssociationObservation, string> = {
  directoryState: UNKNOWN.string,
  workspaceType: UNKNOWN.string,
  endpointEncryptionMode: UNKNOWN.string,
  globalAcceleratorMode: UNKNOWN.string,
  ipGroupIds: UNKNOWN.array,
  vpcEndpointServiceName: UNKNOWN.string,
  vpcEndpointState: UNKNOWN.string,
  vpcEndpointType: UNKNOWN.string,
  vpcEndpointIpAddressType: UNKNOWN.string,
  vpcEndpointDnsRecordIpType: UNKNOWN.string,
  vpcEndpointPrivateDnsEnabled: UNKNOWN.boolean,
  pcoipWorkspaceCount: UNKNOWN.number,
  globalAcceleratorWorkspaceCount: UNKNOWN.number,
  warnings: UNKNOWN.array,
};

/** Stands in for a secret the stack file cannot hold (the check never deploys anything). */
const PLACEHOLDER_SECRET = "Offline-Check-Placeholder-1";
const ENFORCEMENT_LEVELS = ["advisory", "mandatory", "disabled", "remediate"];

export interface StackFinding extends Finding {
  readonly stack: string;
}

export interface CheckResult {
  readonly findings: StackFinding[];
  /** Stacks whose configuration the program rejected, with its message. */
  readonly rejected: { stack: string; message: string }[];
  /** Stacks whose files could not be read at all (malformed YAML, say). */
  readonly unreadable: { stack: string; message: string }[];
  /** Per stack: the rules that could not decide, and why (printed once per stack). */
  readonly undecided: { stack: string; policies: string[]; reasons: string[] }[];
  /** Per stack: the secrets the file does not hold, checked with a placeholder. */
  readonly placeholders: { stack: string; keys: string[] }[];
  readonly resources: Record<string, number>;
  readonly mandatory: number;
}

export interface CheckOptions {
  readonly stacks?: string[];
  readonly config?: PolicyPackConfig;
  /** Where Pulumi.yaml and the stack files are. Defaults to the project root. */
  readonly root?: string;
  /** The program. Defaults to Pulumi.yaml's main under the root (else its index.ts). */
  readonly program?: string;
  /** What the mocks answer lookups from. Defaults to an account where any ID is found. */
  readonly account?: AccountDescription;
  /** Per stack, the JSON of `pulumi stack output --json` from the last deployment. */
  readonly observed?: Record<string, Record<string, unknown>>;
}

/**
 * The snapshot a preview would show: inputs as given, outputs with what cannot be known offline
 * left unknown, or taken from the last deployment's `streamingAssociation` output when given.
 */
export function snapshotOf(
  resources: readonly StackResource[],
  offline = true,
  observed?: Record<string, unknown>,
): SnapshotResource[] {
  return resources.map((r) => {
    const { __provider: _provider, ...inputs } = r.inputs;
    const outputs: Record<string, unknown> = { ...r.state, id: r.id };
    delete outputs.__provider;
    if (offline && r.type === ASSOCIATION_TYPE) {
      Object.assign(outputs, OBSERVED);
      // Each directory's observations (streamingAssociations), or the first directory's (streamingAssociation).
      const byDirectory = observed?.streamingAssociations as Record<string, unknown> | undefined;
      const last =
        (typeof r.inputs.directoryId === "string" ? byDirectory?.[r.inputs.directoryId] : undefined) ??
        // The first directory's (the `directoryId` output), or the association of its old name.
        (r.name === "streaming" ||
        (r.inputs.directoryId !== undefined && r.inputs.directoryId === observed?.directoryId)
          ? observed?.streamingAssociation
          : undefined);
      if (last && typeof last === "object") {
        for (const [key, value] of Object.entries(last)) {
          if (key in OBSERVED && value !== undefined && value !== null) {
            outputs[key] = value;
          }
        }
      }
      const cutOver = cutOverFrom(
        observed?.[CUTOVER_REPORT] as CutoverReport | undefined,
        r.inputs.directoryId,
      );
      if (cutOver) {
        outputs.cutOver = cutOver;
      }
    }
    return { ...r, inputs, outputs };
  });
}

/** Where a cut-over report given with --observed is kept beside the stack's outputs. */
export const CUTOVER_REPORT = "(cut-over report)";

/** An association's `cutOver` input from a cut-over report: its directory's counts by verdict. */
function cutOverFrom(report: CutoverReport | undefined, directoryId: unknown): CutOverInput | undefined {
  const directory = report?.directories.find((d) => d.directoryId === directoryId);
  if (!report || !directory) {
    return undefined;
  }
  return {
    source: `the cut-over report of ${report.window.from} to ${report.window.to}`,
    counts: countVerdicts([directory]),
  };
}

/**
 * Whether the stack makes a lab directory, as the program will read it: `directory.mode` lab, or no
 * `directory` and no `directories` (a malformed value counts as lab; the program reports it).
 */
function makesLab(config: Record<string, string>): boolean {
  const directory = config["workspaces-privatelink:directory"];
  if (directory === undefined) {
    return config["workspaces-privatelink:directories"] === undefined;
  }
  try {
    return ((JSON.parse(directory) as { mode?: string }).mode ?? "lab") === "lab";
  } catch {
    return true;
  }
}

/** What a policy's config setting may hold, in words, from its JSON schema: what a fix says. */
function expected(schema: Record<string, unknown>): string {
  const parts: string[] = [];
  const kind: Record<string, string> = {
    integer: "a whole number",
    number: "a number",
    string: "text",
    boolean: "true or false",
    array: "a list",
    object: "an object",
  };
  if (Array.isArray(schema.enum)) {
    parts.push(`one of ${schema.enum.map((v) => JSON.stringify(v)).join(", ")}`);
  } else if (typeof schema.type === "string") {
    parts.push(kind[schema.type] ?? schema.type);
  }
  if (typeof schema.minimum === "number") parts.push(`at least ${schema.minimum}`);
  if (typeof schema.maximum === "number") parts.push(`at most ${schema.maximum}`);
  const description = typeof schema.description === "string" ? ` (${schema.description})` : "";
  return `${parts.join(", ")}${description}`;
}

/**
 * Checks a policy pack config as CrossGuard does before it analyses (the Pulumi CLI's
 * pkg/resource/analyzer/config.go): every key a policy of the pack (or "all"), each value an
 * enforcement level or an object whose `enforcementLevel` is one, and the rest of it valid against
 * the policy's `configSchema` (JSON Schema, with ajv as the CLI uses gojsonschema). Stricter in
 * one way: a setting the schema does not name is refused too (CrossGuard would ignore a typo).
 * Every problem at once, each with the policy, the key, the value and what to give instead.
 */
export function validatePackConfig(config: unknown, file: string): PolicyPackConfig {
  if (config === null || typeof config !== "object" || Array.isArray(config)) {
    throw new UsageError(`--config ${file}: must be a JSON object of policy names`);
  }
  const names = policies.map((p) => p.name);
  const problems: string[] = [];
  const level = (name: string, value: unknown) => {
    if (typeof value !== "string" || !ENFORCEMENT_LEVELS.includes(value)) {
      problems.push(
        `${name} has enforcement level ${JSON.stringify(value)}; use one of ${ENFORCEMENT_LEVELS.join(", ")}`,
      );
    }
  };
  const ajv = new Ajv({ allErrors: true, strict: false });
  for (const [name, value] of Object.entries(config as Record<string, unknown>)) {
    const policy = policies.find((p) => p.name === name);
    if (name !== "all" && !policy) {
      const guess = closest(name, names);
      problems.push(
        `no policy named "${name}"${guess ? ` (did you mean "${guess}"?)` : ""}; the policies are ${names.join(", ")}`,
      );
      continue;
    }
    if (typeof value === "string") {
      level(name, value);
      continue;
    }
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      problems.push(
        `${name}: ${JSON.stringify(value)} is neither an enforcement level nor an object of settings; write e.g. "advisory" or { "enforcementLevel": "advisory" }`,
      );
      continue;
    }
    const { enforcementLevel, ...settings } = value as Record<string, unknown>;
    if (enforcementLevel !== undefined) {
      level(name, enforcementLevel);
    }
    const properties = (policy?.configSchema?.properties ?? {}) as Record<string, Record<string, unknown>>;
    for (const key of Object.keys(settings).filter((k) => !(k in properties))) {
      const known = Object.keys(properties);
      problems.push(
        `${name}.${key}: is not a setting of ${name}; ${known.length > 0 ? `its settings are ${known.join(", ")}` : "it takes none but enforcementLevel"}`,
      );
    }
    if (!policy?.configSchema) {
      continue;
    }
    const validate = ajv.compile({
      type: "object",
      properties: policy.configSchema.properties,
      ...(policy.configSchema.required ? { required: policy.configSchema.required } : {}),
    });
    if (!validate(settings)) {
      for (const error of validate.errors ?? []) {
        const key =
          error.keyword === "required"
            ? String((error.params as { missingProperty: string }).missingProperty)
            : error.instancePath.replace(/^\//, "").replace(/\//g, ".");
        const given = key
          .split(".")
          .reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], settings);
        const schema = properties[key.split(".")[0]] ?? {};
        problems.push(
          `${name}.${key}: ${given === undefined ? "(not set)" : JSON.stringify(given)} ${error.message}; give ${expected(schema)}`,
        );
      }
    }
  }
  if (problems.length > 0) {
    throw new UsageError(`--config ${file}: ${problems.join("; ")}`);
  }
  return config as PolicyPackConfig;
}

/** The mocks' answers for a described account; a call they do not know throws, naming it. */
export async function checkStacks(options: CheckOptions = {}): Promise<CheckResult> {
  const root = options.root ?? PROJECT_ROOT;
  const stacks = options.stacks?.length ? options.stacks : listStacks(root);
  const result: Omit<CheckResult, "mandatory"> = {
    findings: [],
    rejected: [],
    unreadable: [],
    undecided: [],
    placeholders: [],
    resources: {},
  };
  for (const stack of stacks) {
    let file;
    try {
      file = readStackConfig(stack, root);
    } catch (error) {
      result.unreadable.push({
        stack,
        message: `Pulumi.${stack}.yaml: ${(error as Error).message.split("\n")[0]}`,
      });
      continue;
    }
    const config = { ...file.config };
    const secrets = [...file.secretKeys];
    // This project's own program makes a lab unless told otherwise; another program's settings are its own.
    const ownProgram = file.project === "workspaces-privatelink";
    if (
      ownProgram &&
      makesLab(config) &&
      !secrets.includes("workspaces-privatelink:directoryAdminPassword")
    ) {
      secrets.push("workspaces-privatelink:directoryAdminPassword"); // a lab directory needs one
    }
    const placeholders = secrets.filter((key) => config[key] === undefined);
    for (const key of placeholders) {
      config[key] = PLACEHOLDER_SECRET;
    }
    try {
      const run = await runStack({
        config,
        secretKeys: secrets,
        stack,
        project: file.project,
        program: options.program ?? programOf(root),
        account: options.account,
      });
      result.resources[stack] = run.resources.length;
      if (placeholders.length > 0) {
        result.placeholders.push({ stack, keys: placeholders }); // said only of a stack it checked
      }
      const snapshot = snapshotOf(run.resources, true, options.observed?.[stack]);
      const stackFindings = await evaluate(snapshot, policies, options.config ?? {});
      const couldNot = stackFindings.filter(
        (f) => f.message.startsWith("could not decide: ") && f.urn === "",
      );
      if (couldNot.length > 0) {
        result.undecided.push({
          stack,
          policies: couldNot.map((f) => f.policy),
          reasons: [...new Set(couldNot.map((f) => f.message.slice("could not decide: ".length)))],
        });
      }
      result.findings.push(
        ...stackFindings.filter((f) => !couldNot.includes(f)).map((f) => ({ ...f, stack })),
      );
    } catch (error) {
      if (!(error instanceof StackFailed)) {
        throw error;
      }
      result.rejected.push({ stack, message: error.message });
    }
  }
  return { ...result, mandatory: result.findings.filter((f) => f.level === "mandatory").length };
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
  for (const { stack, message } of result.unreadable) {
    out.push(`stack ${stack}: cannot read its configuration: ${message}\n`);
  }
  for (const { stack, message } of result.rejected) {
    out.push(`stack ${stack}: the program rejected its configuration:\n${message}\n`);
  }
  for (const { stack, keys } of result.placeholders) {
    out.push(
      `stack ${stack}: ${keys.join(", ")} is not set in Pulumi.${stack}.yaml (set it with pulumi config set --secret); checked with a placeholder value`,
    );
  }
  for (const { stack, policies: undecided, reasons } of result.undecided) {
    out.push(
      `stack ${stack}: ${undecided.length} rule(s) could not decide (${undecided.join(", ")}): ${reasons.join("; ")}. To decide them offline: pulumi stack output --stack ${stack} --json > ${stack}-outputs.json, then add --observed ${stack}=${stack}-outputs.json`,
    );
  }
  if (out.length > 0 && !out[out.length - 1].endsWith("\n")) {
    out.push("");
  }
  out.push(line(header), widths.map((w) => "-".repeat(w)).join("  ") + "  -------");
  rows.forEach((r) => out.push(line(r)));
  if (rows.length === 0) {
    out.push("(no findings)");
  }
  const advisory = result.findings.length - result.mandatory;
  const stacks = Object.entries(result.resources).map(([s, n]) => `${s} (${n} resources)`);
  const notChecked = [...result.rejected, ...result.unreadable].map((r) => r.stack);
  out.push(
    "",
    `${result.mandatory} mandatory, ${advisory} advisory; checked ${stacks.join(", ") || "no stack"}` +
      (result.rejected.length ? `; rejected: ${result.rejected.map((r) => r.stack).join(", ")}` : "") +
      (result.unreadable.length ? `; unreadable: ${result.unreadable.map((r) => r.stack).join(", ")}` : "") +
      (notChecked.length === 0 && result.undecided.length
        ? `; undecided in ${result.undecided.map((u) => u.stack).join(", ")}`
        : ""),
  );
  return out.join("\n");
}

function readJson(file: string, flag: string): unknown {
  let text;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    throw new UsageError(`${flag} ${file}: cannot read it (${(error as NodeJS.ErrnoException).code})`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new UsageError(`${flag} ${file}: is not JSON`);
  }
}

/** The options, or a UsageError; `help` when --help was asked for. */
export function parseCommandLine(argv: string[]): CheckOptions | "help" {
  const values = parseFlags(argv, {
    stack: { type: "string", multiple: true },
    observed: { type: "string", multiple: true },
    config: { type: "string" },
    root: { type: "string" },
    program: { type: "string" },
    account: { type: "string" },
    help: { type: "boolean" },
  });
  if (values.help) {
    return "help";
  }
  const root = path.resolve(values.root ?? process.cwd());
  if (!fs.existsSync(path.join(root, "Pulumi.yaml"))) {
    throw new UsageError(`--root ${root}: has no Pulumi.yaml`);
  }
  const stacks = values.stack ?? [];
  for (const stack of stacks) {
    if (!fs.existsSync(path.join(root, `Pulumi.${stack}.yaml`))) {
      throw new UsageError(
        `--stack ${stack}: there is no ${path.join(root, `Pulumi.${stack}.yaml`)}; the stacks are ${listStacks(root).join(", ") || "(none)"}`,
      );
    }
  }
  const observed: Record<string, Record<string, unknown>> = {};
  for (const entry of values.observed ?? []) {
    const match = /^([^=]+)=(.+)$/.exec(entry);
    if (!match && stacks.length !== 1) {
      throw new UsageError(
        `--observed ${entry}: say which stack it is for (--observed STACK=FILE), or give exactly one --stack`,
      );
    }
    const [stack, file] = match ? [match[1], match[2]] : [stacks[0], entry];
    const checked = stacks.length > 0 ? stacks : listStacks(root);
    if (!checked.includes(stack)) {
      throw new UsageError(
        `--observed ${entry}: ${stack} is not a stack this run checks (${checked.join(", ") || "none"}); name one of them, or add --stack ${stack}`,
      );
    }
    const read = readJson(path.resolve(file), "--observed");
    if (read !== null && typeof read === "object" && "window" in read && "directories" in read) {
      observed[stack] = { ...observed[stack], [CUTOVER_REPORT]: read };
      continue;
    }
    const outputs =
      read !== null && typeof read === "object" && !Array.isArray(read)
        ? setupOutputs(read as Record<string, unknown>, `--observed ${file}`)
        : read;
    if (
      outputs === null ||
      typeof outputs !== "object" ||
      !("streamingAssociation" in outputs || "streamingAssociations" in outputs)
    ) {
      throw new UsageError(
        `--observed ${file}: has no streamingAssociation(s) output; write it with: pulumi stack output --stack ${stack} --json > ${file}`,
      );
    }
    observed[stack] = { ...observed[stack], ...(outputs as Record<string, unknown>) };
  }
  const config =
    values.config === undefined
      ? undefined
      : validatePackConfig(readJson(path.resolve(values.config), "--config"), values.config);
  const program = values.program === undefined ? undefined : path.resolve(values.program);
  if (program !== undefined && !fs.existsSync(program)) {
    throw new UsageError(`--program ${values.program}: there is no such file`);
  }
  const account =
    values.account === undefined
      ? undefined
      : (readJson(path.resolve(values.account), "--account") as AccountDescription);
  return { stacks, config, root, observed, program, account };
}

/** The command: its options, the check, the report; 0, 1 (a mandatory finding, or a stack not checked) or 2. */
export async function main(argv: string[], io: CommandIo): Promise<number> {
  const parsed = optionsOrStatus("policy-check", USAGE, () => parseCommandLine(argv), io);
  if ("status" in parsed) {
    return parsed.status;
  }
  const result = await checkStacks(parsed.options);
  io.out(`${formatResult(result)}\n`);
  return result.mandatory > 0 || result.rejected.length > 0 || result.unreadable.length > 0 ? 1 : 0;
}

if (require.main === module) {
  runFromCommandLine("policy-check", main, 1);
}
