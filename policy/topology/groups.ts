/**
 * The security groups that guard an endpoint, and their rules wherever they are written: inline
 * blocks, `aws.ec2.SecurityGroupRule`, `aws.vpc.SecurityGroupIngressRule` / `EgressRule`, with
 * managed prefix lists' entries, and groups attached with `aws.ec2.SecurityGroupAssociation`.
 */
import { PolicyResource } from "@pulumi/policy";
import { tryRead } from "../values";
import {
  ByKind,
  IdIndex,
  TYPES,
  append,
  groupKey,
  isGroup,
  isKind,
  linked,
  ofKinds,
  pointsAt,
  pointsAtOne,
} from "./resources";

export type Direction = "ingress" | "egress";

/** One security group rule, whatever resource or inline block it came from. */
export interface Rule {
  readonly direction: Direction;
  /** `tcp`, `udp`, `all`, or the protocol as written. */
  readonly protocol: string;
  readonly fromPort: number;
  readonly toPort: number;
  /** IPv4 and IPv6 blocks the rule admits (or lets out to), prefix lists' entries included. */
  readonly cidrs: string[];
  /** Where it was written: the rule resource, or the group for an inline rule. */
  readonly source: PolicyResource;
}

/** The security groups an endpoint uses, as far as this stack shows them. */
export interface EndpointGroups {
  /**
   * Groups managed in this stack. A VPC stands for its default group (an endpoint that names no
   * group, or names `vpc.defaultSecurityGroupId`).
   */
  readonly groups: PolicyResource[];
  /** Whether the endpoint names any group itself (otherwise AWS gives it the VPC's default group). */
  readonly named: boolean;
  /** Group IDs it uses that no resource in this stack manages: a lookup, or another stack's. */
  readonly foreign: string[];
}

/** `tcp`, `udp` or `all` for the ways AWS accepts them (`-1`, `6`, `17`), else the protocol as written. */
export function protocolOf(value: unknown): string {
  const text = String(value).toLowerCase();
  return text === "-1" || text === "all" ? "all" : text === "6" ? "tcp" : text === "17" ? "udp" : text;
}

/** The CIDR blocks a rule's prefix lists hold. */
export type PrefixListCidrs = (
  rule: PolicyResource | undefined,
  property: string,
  values: unknown[],
) => string[];

/**
 * The entries of the stack's managed prefix lists, inline or as standalone entry resources, and
 * the blocks of the lists a rule names (by link, or by ID for an inline rule).
 */
export function prefixListCidrs(ids: IdIndex, kinds: ByKind): PrefixListCidrs {
  const isPrefixList = isKind("prefixList");
  let cidrsOf: Map<PolicyResource, string[]> | undefined;
  const gather = () => {
    const gathered = new Map<PolicyResource, string[]>();
    for (const list of kinds.prefixList) {
      const entries = (list.props.entries as { cidr?: unknown }[] | undefined) ?? [];
      gathered.set(
        list,
        entries.map((e) => e.cidr).filter((c): c is string => typeof c === "string"),
      );
    }
    for (const entry of kinds.prefixListEntry) {
      const list = pointsAtOne(ids, entry, "prefixListId", isPrefixList);
      if (list && typeof entry.props.cidr === "string") {
        gathered.get(list)!.push(entry.props.cidr);
      }
    }
    return gathered;
  };
  return (rule, property, values) => {
    cidrsOf ??= gather();
    const lists = rule
      ? pointsAt(ids, rule, property, () => values, isPrefixList)
      : values
          .map((v) => (typeof v === "string" ? ids.get(v) : undefined))
          .filter((l): l is PolicyResource => !!l && isPrefixList(l));
    return lists.flatMap((l) => cidrsOf!.get(l) ?? []);
  };
}

export interface GatheredRules {
  /** Every rule of each group (a default group under its VPC), in stack order, then inline rules. */
  readonly byGroup: Map<PolicyResource, Rule[]>;
  /** Ingress rules whose group is not managed in this stack, by the group ID they name. */
  readonly foreign: { groupId: string; rule: Rule }[];
}

/**
 * Every rule of every group, read as it is: a port unknown during preview throws (and makes only
 * the policies that need ports undecided).
 */
export function gatherRules(
  ids: IdIndex,
  resources: readonly PolicyResource[],
  prefixCidrs: PrefixListCidrs,
): GatheredRules {
  const byGroup = new Map<PolicyResource, Rule[]>();
  const foreign: { groupId: string; rule: Rule }[] = [];
  const attach = (r: PolicyResource, rule: Rule) => {
    const group = pointsAtOne(ids, r, "securityGroupId", isGroup);
    if (group) {
      append(byGroup, groupKey(ids, group), rule);
    } else if (rule.direction === "ingress") {
      const groupId = tryRead(() => r.props.securityGroupId);
      foreign.push({
        groupId: typeof groupId === "string" ? groupId : "(a group from outside this stack)",
        rule,
      });
    }
  };
  for (const r of ofKinds(resources, ["ingressRule", "egressRule", "securityGroupRule"])) {
    if (r.type === TYPES.securityGroupRule) {
      attach(r, {
        direction: r.props.type === "egress" ? "egress" : "ingress",
        protocol: protocolOf(r.props.protocol),
        fromPort: Number(r.props.fromPort),
        toPort: Number(r.props.toPort),
        cidrs: [
          ...(r.props.cidrBlocks ?? []),
          ...(r.props.ipv6CidrBlocks ?? []),
          ...(r.props.prefixListIds?.length ? prefixCidrs(r, "prefixListIds", r.props.prefixListIds) : []),
        ],
        source: r,
      });
      continue;
    }
    attach(r, {
      direction: r.type === TYPES.ingressRule ? "ingress" : "egress",
      protocol: protocolOf(r.props.ipProtocol),
      fromPort: Number(r.props.fromPort ?? -1),
      toPort: Number(r.props.toPort ?? -1),
      cidrs: [
        ...[r.props.cidrIpv4, r.props.cidrIpv6].filter((c): c is string => typeof c === "string"),
        ...(r.props.prefixListId ? prefixCidrs(r, "prefixListId", [r.props.prefixListId]) : []),
      ],
      source: r,
    });
  }
  for (const group of ofKinds(resources, ["securityGroup", "defaultSecurityGroup"])) {
    for (const direction of ["ingress", "egress"] as const) {
      for (const inline of (group.props[direction] as Record<string, unknown>[] | undefined) ?? []) {
        const lists = (inline.prefixListIds as unknown[] | undefined) ?? [];
        append(byGroup, groupKey(ids, group), {
          direction,
          protocol: protocolOf(inline.protocol),
          fromPort: Number(inline.fromPort),
          toPort: Number(inline.toPort),
          cidrs: [
            ...((inline.cidrBlocks as string[]) ?? []),
            ...((inline.ipv6CidrBlocks as string[]) ?? []),
            ...(lists.length ? prefixCidrs(undefined, "", lists) : []),
          ],
          source: group,
        });
      }
    }
  }
  return { byGroup, foreign };
}

/** The groups attached to each endpoint by `aws.ec2.SecurityGroupAssociation`. */
export function attachedGroups(
  ids: IdIndex,
  attachments: readonly PolicyResource[],
): Map<PolicyResource, PolicyResource[]> {
  const attached = new Map<PolicyResource, PolicyResource[]>();
  for (const attachment of attachments) {
    const endpoint = pointsAtOne(ids, attachment, "vpcEndpointId", isKind("endpoint"));
    const group = pointsAtOne(ids, attachment, "securityGroupId", isGroup);
    if (endpoint && group) {
      append(attached, endpoint, group);
    }
  }
  return attached;
}

/** The groups an endpoint uses: those it names, those attached to it, or its VPC's default group. */
export function groupsOf(
  ids: IdIndex,
  endpoint: PolicyResource,
  attached: ReadonlyMap<PolicyResource, readonly PolicyResource[]>,
): EndpointGroups {
  const namedIds = (tryRead(() => endpoint.props.securityGroupIds) as unknown[] | undefined) ?? [];
  const viaLinks = linked(endpoint, "securityGroupIds", isGroup);
  const groups =
    viaLinks.length > 0
      ? viaLinks
      : namedIds
          .map((id) => (typeof id === "string" ? ids.get(id) : undefined))
          .filter((g): g is PolicyResource => !!g && isGroup(g));
  const foreignIds =
    viaLinks.length > 0
      ? []
      : namedIds.filter((id): id is string => typeof id === "string" && ids.get(id) === undefined);
  const named =
    namedIds.length > 0 ||
    viaLinks.length > 0 ||
    (endpoint.propertyDependencies.securityGroupIds ?? []).length > 0;
  if (named && groups.length === 0 && foreignIds.length === 0) {
    foreignIds.push("(a group from outside this stack)");
  }
  const attachedHere = attached.get(endpoint) ?? [];
  const all = [...groups, ...attachedHere];
  if (!named) {
    // AWS gives an endpoint that names no group its VPC's default group.
    all.push(...pointsAt(ids, endpoint, "vpcId", () => [tryRead(() => endpoint.props.vpcId)], isKind("vpc")));
  }
  return {
    groups: [...new Set(all.map((g) => groupKey(ids, g)))],
    named: named || attachedHere.length > 0,
    foreign: foreignIds,
  };
}
