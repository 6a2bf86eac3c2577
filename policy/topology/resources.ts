/**
 * The first steps of the topology: the stack's resources sorted by kind, the index of resources by
 * the IDs they hold, and how a property's value is resolved to the resources it points at.
 */
import * as aws from "@pulumi/aws";
import { PolicyResource } from "@pulumi/policy";
import { ASSOCIATION_TYPE } from "../facts";
import { tryRead } from "../values";

const tokenOf = (cls: unknown) => (cls as { __pulumiType: string }).__pulumiType;

/** The resource types the topology reads, by the type token CrossGuard's `isType` compares. */
export const TYPES = {
  association: ASSOCIATION_TYPE,
  endpoint: tokenOf(aws.ec2.VpcEndpoint),
  directory: tokenOf(aws.workspaces.Directory),
  workspace: tokenOf(aws.workspaces.Workspace),
  vpc: tokenOf(aws.ec2.Vpc),
  securityGroup: tokenOf(aws.ec2.SecurityGroup),
  defaultSecurityGroup: tokenOf(aws.ec2.DefaultSecurityGroup),
  securityGroupRule: tokenOf(aws.ec2.SecurityGroupRule),
  ingressRule: tokenOf(aws.vpc.SecurityGroupIngressRule),
  egressRule: tokenOf(aws.vpc.SecurityGroupEgressRule),
  prefixList: tokenOf(aws.ec2.ManagedPrefixList),
  prefixListEntry: tokenOf(aws.ec2.ManagedPrefixListEntry),
  groupAssociation: tokenOf(aws.ec2.SecurityGroupAssociation),
  zone: tokenOf(aws.route53.Zone),
  awsProvider: "pulumi:providers:aws",
} as const;

export type Kind = keyof typeof TYPES;

const KIND_OF = new Map<string, Kind>(Object.entries(TYPES).map(([kind, type]) => [type, kind as Kind]));

/** The stack's resources of each kind the topology reads, each list in stack order. */
export type ByKind = Readonly<Record<Kind, readonly PolicyResource[]>>;

/** Sorts the resources by kind in one pass; resources of other types are left out. */
export function byKind(resources: readonly PolicyResource[]): ByKind {
  const lists = Object.fromEntries(Object.keys(TYPES).map((kind) => [kind, []])) as unknown as Record<
    Kind,
    PolicyResource[]
  >;
  for (const resource of resources) {
    const kind = KIND_OF.get(resource.type);
    if (kind !== undefined) {
      lists[kind].push(resource);
    }
  }
  return lists;
}

/** The resources of any of these kinds, in stack order. */
export function ofKinds(resources: readonly PolicyResource[], kinds: readonly Kind[]): PolicyResource[] {
  const types = new Set(kinds.map((kind) => TYPES[kind]));
  return resources.filter((r) => types.has(r.type as (typeof TYPES)[Kind]));
}

export const isKind =
  (...kinds: Kind[]) =>
  (resource: PolicyResource): boolean =>
    kinds.some((kind) => resource.type === TYPES[kind]);

/** Security groups as a rule or an endpoint names them: a VPC stands for its default group. */
export const isGroup = isKind("securityGroup", "defaultSecurityGroup", "vpc");

/** Finds a resource by an ID it holds. */
export interface IdIndex {
  get(id: string): PolicyResource | undefined;
}

/**
 * The resources by the IDs they hold (`id`, and a VPC's `defaultSecurityGroupId`, by which its
 * default group is known), for values passed as plain strings. Built on first use: a first
 * preview links everything and has no ID to read (each unknown read costs an exception).
 */
export function indexById(resources: readonly PolicyResource[]): IdIndex {
  let ids: Map<string, PolicyResource> | undefined;
  return {
    get(id) {
      if (!ids) {
        ids = new Map();
        for (const r of resources) {
          for (const property of r.type === TYPES.vpc ? ["id", "defaultSecurityGroupId"] : ["id"]) {
            const value = tryRead(() => r.props[property]);
            if (typeof value === "string" && value !== "") {
              ids.set(value, r);
            }
          }
        }
      }
      return ids.get(id);
    },
  };
}

/** The resources a property of `resource` depends on (its recorded links) that match. */
export function linked(
  resource: PolicyResource,
  property: string,
  match: (r: PolicyResource) => boolean,
): PolicyResource[] {
  return (resource.propertyDependencies[property] ?? []).filter(match);
}

/**
 * The resources a property points at: its recorded links, or else the resources whose IDs its
 * values hold. The values are read only when there is no link (in preview they are often unknown).
 */
export function pointsAt(
  ids: IdIndex,
  resource: PolicyResource,
  property: string,
  values: () => unknown[],
  match: (r: PolicyResource) => boolean,
): PolicyResource[] {
  const viaLinks = linked(resource, property, match);
  if (viaLinks.length > 0) {
    return viaLinks;
  }
  return values().flatMap((value) => {
    const found = typeof value === "string" ? ids.get(value) : undefined;
    return found && match(found) ? [found] : [];
  });
}

/** `pointsAt` for a property that holds one ID. */
export function pointsAtOne(
  ids: IdIndex,
  resource: PolicyResource,
  property: string,
  match: (r: PolicyResource) => boolean,
): PolicyResource | undefined {
  return pointsAt(ids, resource, property, () => [tryRead(() => resource.props[property])], match)[0];
}

/** A default security group stands for its VPC's default group, known by the VPC. */
export function groupKey(ids: IdIndex, group: PolicyResource): PolicyResource {
  return group.type === TYPES.defaultSecurityGroup
    ? (pointsAtOne(ids, group, "vpcId", isKind("vpc")) ?? group)
    : group;
}

/** Adds a value to the list a map holds under `key`. */
export function append<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) {
    list.push(value);
  } else {
    map.set(key, [value]);
  }
}
