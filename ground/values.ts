/**
 * What one value may hold, as AWS (or this project's layout) decides it: each rule returns why the
 * value is wrong, in words that follow the value's name, or undefined. The stack configuration's
 * schema (config/schema.ts) and the WorkspacesStreaming component's argument checks
 * (components/arguments.ts) both judge with them, so a value means the same wherever it is written.
 */
import { BUNDLE_ID_PATTERN, ec2IdPattern } from "../policy/facts";
import { SUBNET_NEW_BITS, formatBlock, hasHostBits, looksLikeIpv6, networkOf, parseCidrV4 } from "./cidr";
import { windowsInstanceTypeProblem } from "./instanceTypes";

/** A rule: why the value is wrong, or undefined. */
export type Rule<T> = (value: T) => string | undefined;

// A VPC is split into 16 subnets, and AWS's smallest subnet is a /28.
const VPC_PREFIX_MIN = 16;
const VPC_PREFIX_MAX = 28 - SUBNET_NEW_BITS;

/** A VPC's block: IPv4, no host bits, /16 to /24 (so that 16 subnets of at least /28 fit). */
export const vpcCidrProblem: Rule<string> = (text) => {
  const block = parseCidrV4(text);
  if (!block) {
    return 'is not an IPv4 CIDR block; write e.g. "10.0.0.0/16"';
  }
  if (hasHostBits(block)) {
    return `has host bits set; write "${formatBlock(networkOf(block))}"`;
  }
  if (block.prefix < VPC_PREFIX_MIN || block.prefix > VPC_PREFIX_MAX) {
    return `must be a /${VPC_PREFIX_MIN} to /${VPC_PREFIX_MAX} block (AWS allows /16 to /28 per VPC, and this project splits it into 16 subnets); write e.g. "10.0.0.0/16"`;
  }
  return undefined;
};

/** A client range: IPv4 (streaming over PrivateLink is IPv4 only), no host bits. */
export const clientCidrProblem: Rule<string> = (text) => {
  if (looksLikeIpv6(text)) {
    return "is IPv6; WorkSpaces streaming over PrivateLink is IPv4 only: list the clients' IPv4 ranges";
  }
  const block = parseCidrV4(text);
  if (!block) {
    return 'is not an IPv4 CIDR block; write e.g. "192.168.0.0/16"';
  }
  return hasHostBits(block) ? `has host bits set; write "${formatBlock(networkOf(block))}"` : undefined;
};

const AZ_ID = /^[a-z]{2,}[0-9]+-az[0-9]+$/;

/** An AZ ID (`apne1-az1`), not an AZ name: names map differently in every account. */
export const azIdProblem: Rule<string> = (id) =>
  AZ_ID.test(id)
    ? undefined
    : 'is not an AZ ID; write e.g. "apne1-az1" (aws ec2 describe-availability-zones shows ZoneId)';

/** A list of AZ IDs for a lab VPC: two at least, each once. */
export const azIdListProblem: Rule<readonly string[]> = (ids) => {
  if (ids.length < 2) {
    return "needs at least two AZ IDs: the directory and the endpoint each need subnets in two zones";
  }
  return new Set(ids).size === ids.length ? undefined : "lists an AZ ID twice; list each zone once";
};

const INSTANCE_TYPE = /^[a-z][a-z0-9-]*\.[a-z0-9]+$/;

/** The Windows client's instance type: a type's name, and one Windows Server 2025 runs on. */
export const clientInstanceTypeProblem: Rule<string> = (type) =>
  INSTANCE_TYPE.test(type)
    ? windowsInstanceTypeProblem(type)
    : 'is not an EC2 instance type; write e.g. "t3.medium"';

const DOMAIN_NAME = /^(?=.{1,255}$)([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+[a-zA-Z]{2,63}$/;

/** A lab directory's DNS name. */
export const domainNameProblem: Rule<string> = (name) =>
  DOMAIN_NAME.test(name) ? undefined : 'is not a fully qualified domain name; write e.g. "corp.example.com"';

/** A lab directory's NetBIOS name. */
export const netbiosNameProblem: Rule<string> = (name) =>
  /^[A-Za-z0-9-]{1,15}$/.test(name)
    ? undefined
    : 'is not a NetBIOS name (1 to 15 letters, digits or "-"); write e.g. "CORP"';

/** An EC2 ID of one kind (`vpc`, `subnet`...), with what it is called and the command that lists them. */
export function ec2IdRule(prefix: string, kind: string, listedBy: string): Rule<string> {
  const pattern = new RegExp(ec2IdPattern(prefix));
  return (id) =>
    pattern.test(id)
      ? undefined
      : `is not ${kind} ID ("${prefix}-" and 8 or 17 hex digits); ${listedBy} lists them`;
}

/** The EC2 IDs the setup takes, each with its rule. */
export const EC2_ID_RULES = {
  vpc: ec2IdRule("vpc", "a VPC", "aws ec2 describe-vpcs"),
  subnet: ec2IdRule("subnet", "a subnet", "aws ec2 describe-subnets"),
  vpcEndpoint: ec2IdRule("vpce", "a VPC endpoint", "aws ec2 describe-vpc-endpoints"),
  transitGateway: ec2IdRule("tgw", "a transit gateway", "aws ec2 describe-transit-gateways"),
  routeTable: ec2IdRule("rtb", "a route table", "aws ec2 describe-route-tables"),
} as const;

/**
 * The entries of a list that repeat an earlier one (by `keyOf`), each with its index and why:
 * "is listed twice (also [0]); list each subnet once".
 */
export function repeatedEntries<T>(
  list: readonly T[],
  keyOf: (entry: T) => string,
  message: (first: number) => string,
): { index: number; message: string }[] {
  const seen = new Map<string, number>();
  const found: { index: number; message: string }[] = [];
  list.forEach((entry, index) => {
    const key = keyOf(entry);
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, index);
    } else {
      found.push({ index, message: message(first) });
    }
  });
  return found;
}

/** A list of IDs, each once: the repeats, by index. */
export const repeatedIds = (ids: readonly string[], what: string) =>
  repeatedEntries(
    ids,
    (id) => id,
    (first) => `is listed twice (also [${first}]); list each ${what} once`,
  );

/** An e-mail address SNS can subscribe (one `@`, a dotted domain, no spaces). */
export const emailProblem: Rule<string> = (text) =>
  /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text)
    ? undefined
    : 'is not an e-mail address; write e.g. "streaming-team@example.com"';

/** A share of connection attempts, strictly between 0 and 1. */
export const ratioProblem: Rule<number> = (ratio) => {
  if (!(ratio > 0)) {
    return "must be above 0 (a share of connection attempts, e.g. 0.2 for 20%)";
  }
  return ratio < 1 ? undefined : "must be below 1 (a share of connection attempts, e.g. 0.2 for 20%)";
};

const BUNDLE_ID = new RegExp(BUNDLE_ID_PATTERN);

/** A WorkSpaces bundle ID. */
export const bundleIdProblem: Rule<string> = (id) =>
  BUNDLE_ID.test(id)
    ? undefined
    : 'is not a bundle ID ("wsb-" and 8 to 63 lower-case letters or digits); aws workspaces describe-workspace-bundles lists them, or drop bundleId for the default DCV bundle';
