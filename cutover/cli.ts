/**
 * `workspaces-privatelink cutover` (`npm run cutover` here): before a directory streams through the endpoint, who would be cut off. Read
 * only: the WorkSpaces of each directory and the sign-ins of the stack's sign-in log over a window;
 * the values come from the stack's outputs (`pulumi stack output --json`).
 */
import {
  egressRangeProblems,
  formatBlock,
  hasHostBits,
  networkOf,
  normalizeRanges,
  parseCidrV4,
} from "../ground/cidr";
import {
  CommandIo,
  UsageError,
  optionsOrStatus,
  parseFlags,
  runFromCommandLine,
} from "../scripts/commandLine";
import { readOutputsFile } from "../doctor/inputs";
import { cutsOff } from "./classify";
import { cutoverReader, isReadFailed } from "./read";
import { CUTOVER_DAYS, DAY_MS, StackView, cutoverReport, formatReport } from "./report";

export { UsageError };

export const USAGE = `usage: workspaces-privatelink cutover --outputs FILE [--days N] [--directory d-...] [--json] [--profile NAME] [--egress CIDR,...]

  --outputs FILE       the JSON of \`pulumi stack output --json\`
  --days N             the window of sign-ins, the last N days; default 14
  --directory d-...    only this directory (one of the directoryIds output)
  --json               print the report as JSON
  --profile NAME       the AWS profile to read with; default the SDK's default chain
  --egress CIDR,...    more public addresses your routed networks sign in from (their NAT or proxy)
  --help               this text

Exit status: 0 when no WorkSpace would be cut off (cut-off or pcoip-blocked), 1 when one would,
2 on a usage mistake or when AWS could not be read.`;

export interface CutoverOptions {
  readonly stack: OutputsView;
  readonly days: number;
  readonly directory?: string;
  readonly json: boolean;
  readonly profile?: string;
  /** Worth a look, printed before the report (a very large egress block). */
  readonly warnings: readonly string[];
}

/**
 * `--egress`: IPv4 addresses (as /32) and CIDR blocks, each without host bits; a UsageError naming
 * the first that is not, and what to write instead.
 */
export function parseEgress(text: string): string[] {
  const given = text
    .split(",")
    .map((c) => c.trim())
    .filter(Boolean);
  return given.map((c) => {
    const cidr = c.includes("/") ? c : `${c}/32`;
    const block = parseCidrV4(cidr);
    if (!block) {
      throw new UsageError(
        `--egress ${JSON.stringify(c)}: give IPv4 addresses or CIDR blocks, e.g. 198.51.100.7/32`,
      );
    }
    if (hasHostBits(block)) {
      throw new UsageError(
        `--egress ${JSON.stringify(c)}: has host bits set; write ${formatBlock(networkOf(block))} (or the address alone, ${c.split("/")[0]}, for just that one)`,
      );
    }
    return cidr;
  });
}

const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === "string");

/** The stack as the report sees it, and the public egress counted as routed (the stack's and --egress). */
export interface OutputsView extends StackView {
  readonly routedEgress: readonly string[];
}

/** What the report needs, from the stack's outputs file. */
export function stackFromOutputs(file: string, egress: readonly string[] = []): OutputsView {
  const outputs = readOutputsFile(file);
  const missing = (name: string, why: string) =>
    new UsageError(`--outputs ${file}: has no ${name} output; ${why}`);
  const deploy = "deploy the stack with this version of workspaces-privatelink";
  if (typeof outputs.region !== "string") throw missing("region", deploy);
  const directoryIds = isStrings(outputs.directoryIds)
    ? outputs.directoryIds
    : typeof outputs.directoryId === "string"
      ? [outputs.directoryId]
      : undefined;
  if (!directoryIds || directoryIds.length === 0) throw missing("directoryIds", deploy);
  if (typeof outputs.signInLogGroupName !== "string") {
    throw missing(
      "signInLogGroupName",
      "the sign-in log is off (signInLog.enabled false) or the stack predates it: turn it on, deploy, and give users time to sign in",
    );
  }
  // Absent with an endpoint you have (its own security group says whom it admits).
  const clientCidrs = isStrings(outputs.streamingClientCidrs) ? outputs.streamingClientCidrs : [];
  const routedEgress = [
    ...(isStrings(outputs.signInEgressCidrs) ? outputs.signInEgressCidrs : []),
    ...egress,
  ];
  const byDirectory = (outputs.streamingAssociations ?? {}) as Record<
    string,
    { allowPcoipOverInternet?: unknown }
  >;
  const stackPcoip = outputs.allowPcoipOverInternet === true;
  return {
    region: outputs.region,
    directoryIds,
    logGroupName: outputs.signInLogGroupName,
    routedCidrs: [...clientCidrs, ...routedEgress],
    routedEgress,
    allowPcoipOverInternet: (id) => {
      const own = byDirectory[id]?.allowPcoipOverInternet;
      return typeof own === "boolean" ? own : stackPcoip;
    },
  };
}

/** The options, or a UsageError; "help" for --help. */
export function parseCommandLine(argv: string[]): CutoverOptions | "help" {
  const values = parseFlags(argv, {
    outputs: { type: "string" },
    days: { type: "string" },
    directory: { type: "string" },
    json: { type: "boolean" },
    profile: { type: "string" },
    egress: { type: "string" },
    help: { type: "boolean" },
  });
  if (values.help) {
    return "help";
  }
  if (values.outputs === undefined) {
    throw new UsageError("--outputs FILE is required: the JSON of `pulumi stack output --json`");
  }
  const days = values.days === undefined ? CUTOVER_DAYS : Number(values.days);
  if (!Number.isInteger(days) || days < 1 || days > 3653) {
    throw new UsageError(`--days ${JSON.stringify(values.days)}: give whole days from 1 to 3653, e.g. 14`);
  }
  const egress = parseEgress(values.egress ?? "");
  const stack = stackFromOutputs(values.outputs, egress);
  // With the stack's own egress (signInEgressCidrs): never every address, or nobody is cut off.
  const judged = egressRangeProblems(normalizeRanges(stack.routedEgress));
  if (judged.problems.length > 0) {
    throw new UsageError(
      `--egress ${values.egress ?? ""}: with the stack's signInEgressCidrs, ${judged.problems[0]}`,
    );
  }
  if (values.directory !== undefined && !stack.directoryIds.includes(values.directory)) {
    throw new UsageError(
      `--directory ${values.directory}: is not one of the stack's directories (${stack.directoryIds.join(", ")})`,
    );
  }
  return {
    stack,
    days,
    directory: values.directory,
    json: values.json === true,
    profile: values.profile,
    warnings: judged.warnings.map((w) => `egress: ${w}`),
  };
}

/** Runs the report; returns the exit status. */
export async function main(argv: string[], io: CommandIo, now = Date.now()): Promise<number> {
  const parsed = optionsOrStatus("cutover", USAGE, () => parseCommandLine(argv), io);
  if ("status" in parsed) {
    return parsed.status;
  }
  const { options } = parsed;
  options.warnings.forEach((warning) => io.err(`cutover: warning: ${warning}\n`));
  const reader = cutoverReader(options.stack.region, options.profile);
  try {
    const { events: _events, ...report } = await cutoverReport(
      options.stack,
      reader,
      { from: now - options.days * DAY_MS, to: now },
      options.directory,
    );
    io.out(
      options.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatReport(report, options.stack)}\n`,
    );
    return cutsOff(report.counts) ? 1 : 0;
  } catch (error) {
    if (isReadFailed(error)) {
      io.err(`cutover: ${error.message}\n`);
      return 2;
    }
    throw error;
  } finally {
    reader.close();
  }
}

if (require.main === module) {
  runFromCommandLine("cutover", main, 2);
}
