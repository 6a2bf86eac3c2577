/**
 * What the policies share: which resources are streaming endpoints, which directories stream,
 * which security groups and rules guard an endpoint. Built once per stack (cached per resource
 * list) from the links Pulumi records between resources: property dependencies first, then, for
 * values passed as plain strings, matching IDs.
 *
 * A value unknown during preview is never guessed: reading it throws CrossGuard's
 * UnknownValueError, and the policy reports that it could not decide.
 */
import * as aws from "@pulumi/aws";
import { PolicyResource, UnknownValueError } from "@pulumi/policy";
import { StreamingEndpointAssociation } from "../providers/streamingEndpointAssociation";

/** The one service that carries WorkSpaces streaming. */
export const HIGHLANDER = /^com\.amazonaws\.[a-z0-9-]+\.highlander$/;

/** Services easily taken for it. */
export const LOOKALIKES =
  /^com\.amazonaws\.[a-z0-9-]+\.(workspaces|workspaces-instances|workspaces-web|aps-workspaces)$/;

export const NAMING_TABLE =
  "com.amazonaws.<region>.workspaces is the WorkSpaces API, ...workspaces-instances is WorkSpaces Core, ...workspaces-web is WorkSpaces Secure Browser, ...aps-workspaces is Managed Prometheus; only ...highlander carries streaming";

/** `VpcEndpoint "streaming-endpoint"`: how messages name a resource. */
export function label(resource: { type: string; name: string }): string {
  return `${resource.type.split(":").pop()} "${resource.name}"`;
}

/** Reads a value that may be unknown during preview, treating unknown as absent (for optional links only). */
function tryRead(read: () => unknown): unknown {
  try {
    return read();
  } catch (error) {
    if (error instanceof UnknownValueError) {
      return undefined;
    }
    throw error;
  }
}

export type Direction = "ingress" | "egress";

/** One security group rule, whatever resource or inline block it came from. */
export interface Rule {
  readonly direction: Direction;
  /** `tcp`, `udp`, `all`, or the protocol as written. */
  readonly protocol: string;
  readonly fromPort: number;
  readonly toPort: number;
  /** IPv4 and IPv6 blocks the rule admits (or lets out to). */
  readonly cidrs: string[];
  /** Where it was written: the rule resource, or the group for an inline rule. */
  readonly source: PolicyResource;
}

export interface Topology {
  /** Streaming endpoints, each with why it counts as one. */
  readonly endpoints: Map<PolicyResource, string[]>;
  readonly associations: PolicyResource[];
  /** `aws.workspaces.Directory` resources. */
  readonly directories: PolicyResource[];
  /** The endpoints an association or a directory's accessEndpointConfig points at. */
  endpointsOf(referrer: PolicyResource): PolicyResource[];
  /** The `aws.workspaces.Directory` an association sets, when the directory is in this stack. */
  directoryOf(association: PolicyResource): PolicyResource | undefined;
  /** Whether a directory streams through an endpoint: it sets accessEndpointConfig, or an association sets it. */
  streams(directory: PolicyResource): boolean;
  /** Whether a resource in the stack refers to a streaming directory (by link or by ID). */
  targetsStreamingDirectory(resource: PolicyResource): boolean;
  /** The security groups in this stack that guard an endpoint, and whether it names any at all. */
  groupsOf(endpoint: PolicyResource): { groups: PolicyResource[]; named: boolean };
  /** Every rule of a security group: inline, `aws.ec2.SecurityGroupRule`, `aws.vpc.SecurityGroup*Rule`. */
  rulesOf(group: PolicyResource): Rule[];
}

const cache = new WeakMap<readonly PolicyResource[], Topology>();

function linked(
  resource: PolicyResource,
  property: string,
  match: (r: PolicyResource) => boolean,
): PolicyResource[] {
  return (resource.propertyDependencies[property] ?? []).filter(match);
}

function protocolOf(value: unknown): string {
  const text = String(value).toLowerCase();
  return text === "-1" || text === "all" ? "all" : text === "6" ? "tcp" : text === "17" ? "udp" : text;
}

function hasAccessEndpointConfig(directory: PolicyResource): boolean {
  const config = directory.props.workspaceAccessProperties?.accessEndpointConfig;
  return config !== undefined && config !== null;
}

export function topology(resources: readonly PolicyResource[]): Topology {
  const cached = cache.get(resources);
  if (cached) {
    return cached;
  }
  const ofType = (cls: { new (...args: never[]): unknown }) =>
    resources.filter((r) => r.isType(cls as never));
  const vpcEndpoints = ofType(aws.ec2.VpcEndpoint);
  const associations = ofType(StreamingEndpointAssociation);
  const directories = ofType(aws.workspaces.Directory);
  const groups = ofType(aws.ec2.SecurityGroup);
  const isEndpoint = (r: PolicyResource) => r.isType(aws.ec2.VpcEndpoint);

  // IDs are matched only when a value was passed as a plain string (no recorded link).
  const byId = new Map<string, PolicyResource>();
  for (const r of resources) {
    const id = tryRead(() => r.props.id);
    if (typeof id === "string" && id !== "") {
      byId.set(id, r);
    }
  }
  /**
   * The resources a property points at: its recorded links, or else the IDs it holds. The values
   * are read only when there is no link (in preview they are often unknown).
   */
  const resolve = (
    resource: PolicyResource,
    property: string,
    values: () => unknown[],
    match: (r: PolicyResource) => boolean,
  ) => {
    const viaLinks = linked(resource, property, match);
    if (viaLinks.length > 0) {
      return viaLinks;
    }
    return values().flatMap((value) => {
      const found = typeof value === "string" ? byId.get(value) : undefined;
      return found && match(found) ? [found] : [];
    });
  };

  const referenced = new Map<PolicyResource, PolicyResource[]>();
  for (const association of associations) {
    const value = () => [tryRead(() => association.props.vpcEndpointId)];
    referenced.set(association, resolve(association, "vpcEndpointId", value, isEndpoint));
  }
  for (const directory of directories) {
    const values = () => {
      const entries = tryRead(
        () => directory.props.workspaceAccessProperties?.accessEndpointConfig?.accessEndpoints,
      );
      return Array.isArray(entries)
        ? entries.map((e: { vpcEndpointId?: unknown }) => tryRead(() => e?.vpcEndpointId))
        : [];
    };
    referenced.set(directory, resolve(directory, "workspaceAccessProperties", values, isEndpoint));
  }

  const endpoints = new Map<PolicyResource, string[]>();
  const because = (endpoint: PolicyResource, reason: string) =>
    endpoints.set(endpoint, [...(endpoints.get(endpoint) ?? []), reason]);
  for (const endpoint of vpcEndpoints) {
    if (HIGHLANDER.test(String(tryRead(() => endpoint.props.serviceName)))) {
      because(endpoint, "it serves highlander");
    }
  }
  for (const [referrer, targets] of referenced) {
    targets.forEach((t) => because(t, `${label(referrer)} streams through it`));
  }

  const directoryOfAssociation = new Map<PolicyResource, PolicyResource | undefined>();
  for (const association of associations) {
    const value = tryRead(() => association.props.directoryId);
    const isDirectory = (r: PolicyResource) => r.isType(aws.workspaces.Directory);
    let found: PolicyResource | undefined = resolve(
      association,
      "directoryId",
      () => [value],
      isDirectory,
    )[0];
    if (!found && typeof value === "string") {
      found = directories.find((d) => tryRead(() => d.props.directoryId) === value);
    }
    directoryOfAssociation.set(association, found);
  }
  const associated = new Set(
    [...directoryOfAssociation.values()].filter((d): d is PolicyResource => d !== undefined),
  );

  // A streaming directory is known by its resource, its ID, and the Directory Service directory behind it.
  const streamingKeys = new Set<unknown>();
  const addKeys = (r: PolicyResource, property: string) => {
    streamingKeys.add(r);
    const value = tryRead(() => r.props[property]);
    if (typeof value === "string") {
      streamingKeys.add(value);
    }
    (r.propertyDependencies[property] ?? []).forEach((d) => streamingKeys.add(d));
  };
  associations.forEach((a) => addKeys(a, "directoryId"));
  directories
    .filter((d) => associated.has(d) || hasAccessEndpointConfig(d))
    .forEach((d) => addKeys(d, "directoryId"));

  // Rules are gathered on first use, reading their values as they are: a port unknown during
  // preview makes only the policies that need ports undecided, and is not cached.
  let rulesByGroup: Map<PolicyResource, Rule[]> | undefined;
  const isGroup = (r: PolicyResource) => r.isType(aws.ec2.SecurityGroup);
  const gatherRules = () => {
    const gathered = new Map<PolicyResource, Rule[]>();
    const addRule = (group: PolicyResource, rule: Rule) =>
      gathered.set(group, [...(gathered.get(group) ?? []), rule]);
    const ownerOf = (rule: PolicyResource) =>
      resolve(rule, "securityGroupId", () => [tryRead(() => rule.props.securityGroupId)], isGroup)[0];
    for (const r of resources) {
      const vpcIngress = r.isType(aws.vpc.SecurityGroupIngressRule);
      if (vpcIngress || r.isType(aws.vpc.SecurityGroupEgressRule)) {
        const group = ownerOf(r);
        if (group) {
          addRule(group, {
            direction: vpcIngress ? "ingress" : "egress",
            protocol: protocolOf(r.props.ipProtocol),
            fromPort: Number(r.props.fromPort ?? -1),
            toPort: Number(r.props.toPort ?? -1),
            cidrs: [r.props.cidrIpv4, r.props.cidrIpv6].filter((c): c is string => typeof c === "string"),
            source: r,
          });
        }
      } else if (r.isType(aws.ec2.SecurityGroupRule)) {
        const group = ownerOf(r);
        if (group) {
          addRule(group, {
            direction: r.props.type === "egress" ? "egress" : "ingress",
            protocol: protocolOf(r.props.protocol),
            fromPort: Number(r.props.fromPort),
            toPort: Number(r.props.toPort),
            cidrs: [...(r.props.cidrBlocks ?? []), ...(r.props.ipv6CidrBlocks ?? [])],
            source: r,
          });
        }
      }
    }
    for (const group of groups) {
      for (const direction of ["ingress", "egress"] as const) {
        for (const inline of (group.props[direction] as Record<string, unknown>[] | undefined) ?? []) {
          addRule(group, {
            direction,
            protocol: protocolOf(inline.protocol),
            fromPort: Number(inline.fromPort),
            toPort: Number(inline.toPort),
            cidrs: [
              ...((inline.cidrBlocks as string[]) ?? []),
              ...((inline.ipv6CidrBlocks as string[]) ?? []),
            ],
            source: group,
          });
        }
      }
    }
    return gathered;
  };

  const result: Topology = {
    endpoints,
    associations,
    directories,
    endpointsOf: (referrer) => referenced.get(referrer) ?? [],
    directoryOf: (association) => directoryOfAssociation.get(association),
    streams: (directory) => associated.has(directory) || hasAccessEndpointConfig(directory),
    targetsStreamingDirectory(resource) {
      for (const property of ["directoryId", "resourceId"]) {
        if (streamingKeys.has(tryRead(() => resource.props[property]))) {
          return true;
        }
        if ((resource.propertyDependencies[property] ?? []).some((d) => streamingKeys.has(d))) {
          return true;
        }
      }
      return false;
    },
    groupsOf(endpoint) {
      let ids: unknown[] = [];
      const groups = resolve(
        endpoint,
        "securityGroupIds",
        () => (ids = endpoint.props.securityGroupIds ?? []),
        isGroup,
      );
      // Linked groups prove it names some; otherwise it names what its (plain-string) IDs say.
      return { groups, named: groups.length > 0 || ids.length > 0 };
    },
    rulesOf(group) {
      rulesByGroup ??= gatherRules();
      return rulesByGroup.get(group) ?? [];
    },
  };

  cache.set(resources, result);
  return result;
}

/** Whether a rule admits (or lets out) this protocol and port. */
export function covers(rule: Rule, protocol: "tcp" | "udp", port: number): boolean {
  if (rule.protocol === "all") {
    return true;
  }
  return rule.protocol === protocol && rule.fromPort <= port && port <= rule.toPort;
}

export const STREAMING_PORTS = [
  { protocol: "tcp", port: 443 },
  { protocol: "tcp", port: 4195 },
  { protocol: "udp", port: 443 },
  { protocol: "udp", port: 4195 },
] as const;
