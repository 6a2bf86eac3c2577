/**
 * What the rules share: the stack's topology (policy/topology/), how they read values, and the
 * helpers several rules use. A stack rule is written with `streamingPolicy`, which hands it the
 * topology of the analysis it runs in; it reads the stack only through that topology.
 */
import {
  EnforcementLevel,
  PolicyConfigSchema,
  PolicyResource,
  ReportViolation,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";
import { mergeCidr } from "cidr-tools";
import { DirectoryFacts, WHOLE_INTERNET } from "./facts";
import { Rule, Topology, topology } from "./topology";
import { label, tryRead, undecided } from "./values";

export { HIGHLANDER, LOOKALIKES, NAMING_TABLE, STREAMING_PORTS } from "./facts";
export type { Direction, EndpointGroups, Facts, Rule, Topology } from "./topology";
export { label, tryRead, undecided } from "./values";

/** A stack rule: its name, one-sentence description and level, and what it checks. */
export interface StreamingPolicy {
  readonly name: string;
  readonly description: string;
  readonly enforcementLevel: EnforcementLevel;
  readonly configSchema?: PolicyConfigSchema;
  /** Checks the stack, seen through `t`; `args` gives the policy's config. */
  validate(t: Topology, report: ReportViolation, args: Pick<StackValidationArgs, "getConfig">): void;
}

/** The CrossGuard stack policy for a rule: the topology is built once per analysis and shared. */
export function streamingPolicy(policy: StreamingPolicy): StackValidationPolicy {
  const { validate, ...declared } = policy;
  return {
    ...declared,
    validateStack: (args, report) => validate(topology(args.resources, policy.name), report, args),
  };
}

/** Whether a rule admits (or lets out) this protocol and port. */
export function covers(rule: Rule, protocol: "tcp" | "udp", port: number): boolean {
  if (rule.protocol === "all") {
    return true;
  }
  return rule.protocol === protocol && rule.fromPort <= port && port <= rule.toPort;
}

/** Whether these blocks, together, cover every IPv4 or every IPv6 address. */
export function coverInternet(cidrs: readonly string[]): string | undefined {
  // Blocks whose sizes add up to less than the address space cannot cover it: most rule sets
  // stop here, without merging.
  let v4 = 0;
  let v6 = 0;
  for (const cidr of cidrs) {
    const prefix = Number(cidr.split("/")[1]);
    if (cidr.includes(":")) {
      v6 += prefix <= 40 ? 2 ** (40 - prefix) : 0; // in /40 units; smaller blocks cannot matter much
    } else {
      v4 += 2 ** (32 - prefix);
    }
  }
  if (v4 < 2 ** 32 && v6 < 2 ** 40) {
    return undefined;
  }
  let merged: string[];
  try {
    merged = mergeCidr([...cidrs]);
  } catch {
    return undefined; // not CIDR blocks: AWS refuses them anyway
  }
  return WHOLE_INTERNET.find((all) => merged.includes(all));
}

/**
 * Calls `judge` for each association whose directory is known (observed, read during preview, or
 * declared by this stack); then, if any was not, stops the policy with "could not decide" and why,
 * after every decidable case was reported.
 */
export function judgeDirectories(
  t: Topology,
  judge: (association: PolicyResource, facts: DirectoryFacts, directory: string, declared: boolean) => void,
): void {
  const open: string[] = [];
  for (const association of t.associations) {
    const facts = t.factsOf(association);
    if ("unknown" in facts) {
      open.push(`${label(association)}: ${facts.unknown}`);
      continue;
    }
    const id = tryRead(() => association.props.directoryId);
    const directory = typeof id === "string" && id !== "" ? `directory ${id}` : "its directory";
    judge(association, facts.known, directory, facts.source.startsWith("declared"));
  }
  if (open.length > 0) {
    undecided(open.join("; "));
  }
}
