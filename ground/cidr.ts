/**
 * IPv4 CIDR arithmetic for the networks this project lays out. Pure functions, no Pulumi: config
 * validation and the components share them, and the tests drive them as tables. Merging and
 * containment of client ranges come from cidr-tools.
 */
import { containsCidr, mergeCidr } from "cidr-tools";
import { WHOLE_INTERNET as WHOLE_INTERNET_BLOCKS } from "../policy/facts";

/** Every subnet is this many bits longer than its VPC: 16 equal slots, a /16 VPC gets /20 subnets. */
export const SUBNET_NEW_BITS = 4;

/** A parsed IPv4 CIDR block: the network address as an unsigned 32-bit number, and the prefix length. */
export interface Ipv4Block {
  readonly address: number;
  readonly prefix: number;
}

const OCTET = "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
const CIDR_V4 = new RegExp(`^${OCTET}\\.${OCTET}\\.${OCTET}\\.${OCTET}/(3[0-2]|[12]?\\d)$`);

/** Parses `a.b.c.d/n`; returns undefined for anything else (IPv6, a bare address, a bad octet or prefix). */
export function parseCidrV4(text: string): Ipv4Block | undefined {
  const match = CIDR_V4.exec(text);
  if (!match) {
    return undefined;
  }
  const [a, b, c, d, prefix] = match.slice(1).map(Number);
  return { address: ((a << 24) | (b << 16) | (c << 8) | d) >>> 0, prefix };
}

/** True when the text looks like an IPv6 address or block (it has a colon): the service is IPv4 only. */
export function looksLikeIpv6(text: string): boolean {
  return text.includes(":");
}

function mask(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

export function formatBlock(block: Ipv4Block): string {
  const a = block.address;
  return `${a >>> 24}.${(a >>> 16) & 255}.${(a >>> 8) & 255}.${a & 255}/${block.prefix}`;
}

/** The block with its host bits cleared: `10.0.0.1/16` -> `10.0.0.0/16`. */
export function networkOf(block: Ipv4Block): Ipv4Block {
  return { address: (block.address & mask(block.prefix)) >>> 0, prefix: block.prefix };
}

/** True when the block has host bits set, which AWS rejects for VPCs and security group rules alike. */
export function hasHostBits(block: Ipv4Block): boolean {
  return networkOf(block).address !== block.address;
}

/** True when the two blocks share at least one address. */
export function overlaps(x: Ipv4Block, y: Ipv4Block): boolean {
  const prefix = Math.min(x.prefix, y.prefix);
  return (x.address & mask(prefix)) >>> 0 === (y.address & mask(prefix)) >>> 0;
}

/**
 * The `index`-th subnet of `parent` that is `newBits` longer: `subnetCidr("10.0.0.0/16", 4, 2)`
 * is `10.0.32.0/20`. Throws when the parent is not a CIDR or has fewer than `index + 1` such subnets.
 */
export function subnetCidr(parent: string, newBits: number, index: number): string {
  const block = parseCidrV4(parent);
  if (!block) {
    throw new Error(`subnetCidr: "${parent}" is not an IPv4 CIDR block`);
  }
  const prefix = block.prefix + newBits;
  if (prefix > 32 || index < 0 || index >= 2 ** newBits) {
    throw new Error(`subnetCidr: "${parent}" has no subnet #${index} of /${prefix}`);
  }
  const address = (networkOf(block).address + index * 2 ** (32 - prefix)) >>> 0;
  return formatBlock({ address, prefix });
}

/**
 * Client ranges as security group rules want them: duplicates and ranges inside others dropped,
 * adjacent ranges aggregated (`10.0.0.0/24` + `10.0.1.0/24` -> `10.0.0.0/23`), sorted by address,
 * so the same set of ranges always yields the same rules in the same order. The merging is
 * cidr-tools' (`mergeCidr`); the input must be valid IPv4 blocks without host bits.
 */
export function normalizeRanges(cidrs: readonly string[]): string[] {
  return mergeCidr([...cidrs]);
}

/** The whole IPv4 internet, however it is split (`0.0.0.0/1` + `128.0.0.0/1`...), merges to this. */
export const WHOLE_INTERNET = WHOLE_INTERNET_BLOCKS[0];

/**
 * Address space that is not on the internet: RFC 1918 private ranges and RFC 6598 shared address
 * space (carrier-grade NAT), where clients that reach a PrivateLink endpoint normally come from.
 */
export const NON_PUBLIC_RANGES: readonly string[] = [
  "10.0.0.0/8",
  "172.16.0.0/12",
  "192.168.0.0/16",
  "100.64.0.0/10",
];

/** True when every address of `cidr` is in private or shared address space. */
export function isNonPublic(cidr: string): boolean {
  return containsCidr([...NON_PUBLIC_RANGES], cidr);
}

/** The largest egress block that passes without a warning: egress is a few NAT or proxy addresses. */
export const EGRESS_WARN_PREFIX = 16;

/**
 * What is wrong with a set of egress ranges (the public addresses routed networks sign in from),
 * normalised: a set that covers the whole internet would make every sign-in look routed, so a
 * cut-over report would hide everyone it cuts off (a problem); a block larger than a /16 is worth
 * a warning. The messages go after the setting's name.
 */
export function egressRangeProblems(normalized: readonly string[]): {
  problems: string[];
  warnings: string[];
} {
  if (normalized.includes(WHOLE_INTERNET)) {
    return {
      problems: [
        `covers every IPv4 address (merged: 0.0.0.0/0): a sign-in from anywhere would count as routed, so the cut-over report and the preview would hide every user a cut-over cuts off; list your routed networks' NAT or proxy addresses, e.g. 198.51.100.7/32`,
      ],
      warnings: [],
    };
  }
  const large = normalized.filter((range) => Number(range.split("/")[1]) < EGRESS_WARN_PREFIX);
  return {
    problems: [],
    warnings: large.map(
      (range) =>
        `${range} is larger than a /${EGRESS_WARN_PREFIX} (${(2 ** (32 - Number(range.split("/")[1]))).toLocaleString("en")} addresses); egress is usually a few NAT or proxy addresses, and every sign-in from this block counts as routed: narrow it if you can`,
    ),
  };
}
