/**
 * What the policies share: which resources are streaming endpoints, which directories stream and
 * who owns their setting, which security groups and rules guard an endpoint, and what is known of
 * each streamed directory. Built once per stack (cached per resource list) from the links Pulumi
 * records between resources: property dependencies first, then, for values passed as plain
 * strings, matching IDs.
 *
 * A value unknown during preview is never guessed: reading it throws CrossGuard's
 * UnknownValueError, and the policy reports that it could not decide.
 */
import * as aws from "@pulumi/aws";
import { PolicyResource, UnknownValueError } from "@pulumi/policy";
import * as proxy from "@pulumi/policy/proxy";
import { mergeCidr } from "cidr-tools";
import { ASSOCIATION_TYPE, DirectoryFacts, WHOLE_INTERNET, readServiceName } from "./facts";

export { HIGHLANDER, LOOKALIKES, NAMING_TABLE, STREAMING_PORTS } from "./facts";

/** `VpcEndpoint "streaming-endpoint"`: how messages name a resource. */
export function label(resource: { type: string; name: string }): string {
  return `${resource.type.split(":").pop()} "${resource.name}"`;
}

/** Reads a value that may be unknown during preview, treating unknown as absent (for optional links only). */
export function tryRead(read: () => unknown): unknown {
  try {
    return read();
  } catch (error) {
    if (error instanceof UnknownValueError) {
      return undefined;
    }
    throw error;
  }
}

/** Stops a policy with "could not decide", and why (CrossGuard reports it as advisory). */
export function undecided(reason: string): never {
  // The class wants the marker of an unknown value; the message is then replaced by the reason.
  const marker = (proxy as unknown as { unknownObjectValue: string }).unknownObjectValue;
  const error = new UnknownValueError(marker, []);
  error.message = reason;
  throw error;
}

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

/** What is known of a streamed directory, and how. */
export type Facts =
  { readonly known: DirectoryFacts; readonly source: string } | { readonly unknown: string };

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
  /** Whether the directory resource itself declares an accessEndpointConfig (and does not ignore it). */
  declaresEndpoint(directory: PolicyResource): boolean;
  /** Whether a directory streams through an endpoint: it declares one, or an association sets it. */
  streams(directory: PolicyResource): boolean;
  /** Everything that names one directory: its resource, its ID, the resources its ID comes from. */
  directoryKeys(owner: PolicyResource): Set<unknown>;
  /** Whether a resource in the stack refers to a streaming directory (by link or by ID). */
  targetsStreamingDirectory(resource: PolicyResource): boolean;
  groupsOf(endpoint: PolicyResource): EndpointGroups;
  /** Every rule of a security group: inline, `aws.ec2.SecurityGroupRule`, `aws.vpc.SecurityGroup*Rule`. */
  rulesOf(group: PolicyResource): Rule[];
  /** Ingress rules whose group is not managed in this stack, by the group ID they name. */
  foreignRules(): { groupId: string; rule: Rule }[];
  /** What is known of the directory an association streams. */
  factsOf(association: PolicyResource): Facts;
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

const ACCESS_ENDPOINT_PATH = "workspaceAccessProperties.accessEndpointConfig";

/** The observed outputs of an association, as `DirectoryFacts` names them. */
const FACT_NAMES: (keyof DirectoryFacts)[] = [
  "workspaceType",
  "endpointEncryptionMode",
  "globalAcceleratorMode",
  "ipGroupIds",
  "pcoipWorkspaceCount",
  "globalAcceleratorWorkspaceCount",
];

export function topology(resources: readonly PolicyResource[]): Topology {
  const cached = cache.get(resources);
  if (cached) {
    return cached;
  }
  const is = (cls: unknown) => (r: PolicyResource) => r.isType(cls as never);
  const ofType = (cls: unknown) => resources.filter(is(cls));
  const isAssociation = (r: PolicyResource) => r.type === ASSOCIATION_TYPE;
  const isEndpoint = is(aws.ec2.VpcEndpoint);
  const isDirectory = is(aws.workspaces.Directory);
  const isVpc = is(aws.ec2.Vpc);
  const isDefaultGroup = is(aws.ec2.DefaultSecurityGroup);
  const isGroup = (r: PolicyResource) =>
    r.isType(aws.ec2.SecurityGroup as never) || isDefaultGroup(r) || isVpc(r);
  const isPrefixList = is(aws.ec2.ManagedPrefixList);
  const vpcEndpoints = resources.filter(isEndpoint);
  const associations = resources.filter(isAssociation);
  const directories = resources.filter(isDirectory);

  // IDs are matched only when a value was passed as a plain string (no recorded link). A VPC is
  // also known by its default group's ID.
  // Built on first use: a first preview links everything and has no ID to read (each unknown
  // read costs an exception).
  let ids: Map<string, PolicyResource> | undefined;
  const byId = {
    get(id: string): PolicyResource | undefined {
      if (!ids) {
        ids = new Map();
        for (const r of resources) {
          for (const property of ["id", ...(isVpc(r) ? ["defaultSecurityGroupId"] : [])]) {
            const value = tryRead(() => r.props[property]);
            if (typeof value === "string" && value !== "") {
              ids.set(value, r);
            }
          }
        }
      }
      return ids.get(id);
    },
    has(id: string): boolean {
      return this.get(id) !== undefined;
    },
  };
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
  /** A default security group stands for its VPC's default group, known by the VPC. */
  const groupKey = (group: PolicyResource): PolicyResource =>
    isDefaultGroup(group)
      ? (resolve(group, "vpcId", () => [tryRead(() => group.props.vpcId)], isVpc)[0] ?? group)
      : group;

  const referenced = new Map<PolicyResource, PolicyResource[]>();
  for (const association of associations) {
    const value = () => [tryRead(() => association.props.vpcEndpointId)];
    referenced.set(association, resolve(association, "vpcEndpointId", value, isEndpoint));
  }
  const ignores = (directory: PolicyResource, path: string) =>
    (directory.opts.ignoreChanges ?? []).some((p) => path === p || path.startsWith(`${p}.`));
  const declaresEndpoint = (directory: PolicyResource) => {
    if (ignores(directory, ACCESS_ENDPOINT_PATH)) {
      return false; // refreshed state may show the live setting; the resource does not own it
    }
    const config = tryRead(() => directory.props.workspaceAccessProperties?.accessEndpointConfig);
    return config !== undefined && config !== null;
  };
  for (const directory of directories.filter(declaresEndpoint)) {
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
    const service = tryRead(() => endpoint.props.serviceName);
    if (typeof service === "string" && readServiceName(service).highlander) {
      because(endpoint, "it serves highlander");
    }
  }
  for (const [referrer, targets] of referenced) {
    targets.forEach((t) => because(t, `${label(referrer)} streams through it`));
  }

  // A directory is known by its resource, its ID, and the resources its ID comes from (the
  // Directory Service directory behind it): at a first preview the IDs are unknown, the links are not.
  const keysOf = new Map<PolicyResource, Set<unknown>>();
  const directoryKeys = (owner: PolicyResource): Set<unknown> => {
    let keys = keysOf.get(owner);
    if (keys) {
      return keys;
    }
    keys = new Set<unknown>();
    keysOf.set(owner, keys);
    const add = (r: PolicyResource) => {
      keys!.add(r);
      const value = tryRead(() => r.props.directoryId);
      if (typeof value === "string" && value !== "") {
        keys!.add(value);
      }
      (r.propertyDependencies.directoryId ?? []).forEach((d) => keys!.add(d));
    };
    add(owner);
    if (isAssociation(owner)) {
      // The aws.workspaces.Directory it sets (a link to it, or the same ID) shares every key.
      for (const d of owner.propertyDependencies.directoryId ?? []) {
        if (isDirectory(d)) {
          add(d);
        }
      }
    }
    return keys;
  };
  // Every key of every aws.workspaces.Directory, to find an owner's directory in one pass.
  const directoryByKey = new Map<unknown, PolicyResource>();
  for (const directory of directories) {
    directoryKeys(directory).forEach((k) => directoryByKey.has(k) || directoryByKey.set(k, directory));
  }
  const findDirectory = (owner: PolicyResource) => {
    for (const key of directoryKeys(owner)) {
      const found = directoryByKey.get(key);
      if (found) {
        return found;
      }
    }
    return undefined;
  };
  const directoryOfAssociation = new Map<PolicyResource, PolicyResource | undefined>();
  for (const association of associations) {
    directoryOfAssociation.set(association, findDirectory(association));
  }
  let workspacesByDirectory: Map<PolicyResource, PolicyResource[]> | undefined;
  const workspacesOf = (directory: PolicyResource) => {
    if (!workspacesByDirectory) {
      workspacesByDirectory = new Map();
      for (const workspace of ofType(aws.workspaces.Workspace)) {
        const found = findDirectory(workspace);
        if (found) {
          workspacesByDirectory.set(found, [...(workspacesByDirectory.get(found) ?? []), workspace]);
        }
      }
    }
    return workspacesByDirectory.get(directory) ?? [];
  };
  const associated = new Set(
    [...directoryOfAssociation.values()].filter((d): d is PolicyResource => d !== undefined),
  );
  const streamingKeys = new Set<unknown>();
  for (const owner of [
    ...associations,
    ...directories.filter((d) => associated.has(d) || declaresEndpoint(d)),
  ]) {
    directoryKeys(owner).forEach((k) => streamingKeys.add(k));
  }

  // Prefix lists: their entries, inline or as standalone entry resources.
  let prefixCidrs: Map<PolicyResource, string[]> | undefined;
  const cidrsOfPrefixLists = (rule: PolicyResource | undefined, property: string, values: unknown[]) => {
    if (prefixCidrs === undefined) {
      prefixCidrs = new Map();
      for (const list of resources.filter(isPrefixList)) {
        const entries = (list.props.entries as { cidr?: unknown }[] | undefined) ?? [];
        prefixCidrs.set(
          list,
          entries.map((e) => e.cidr).filter((c): c is string => typeof c === "string"),
        );
      }
      for (const entry of resources.filter(is(aws.ec2.ManagedPrefixListEntry))) {
        const list = resolve(
          entry,
          "prefixListId",
          () => [tryRead(() => entry.props.prefixListId)],
          isPrefixList,
        )[0];
        if (list && typeof entry.props.cidr === "string") {
          prefixCidrs.get(list)!.push(entry.props.cidr);
        }
      }
    }
    const lists = rule
      ? resolve(rule, property, () => values, isPrefixList)
      : values
          .map((v) => (typeof v === "string" ? byId.get(v) : undefined))
          .filter((l): l is PolicyResource => !!l && isPrefixList(l));
    return lists.flatMap((l) => prefixCidrs!.get(l) ?? []);
  };

  // Rules are gathered on first use, reading their values as they are: a port unknown during
  // preview makes only the policies that need ports undecided, and is not cached.
  let rulesByGroup: Map<PolicyResource, Rule[]> | undefined;
  let foreign: { groupId: string; rule: Rule }[] = [];
  const gatherRules = () => {
    const gathered = new Map<PolicyResource, Rule[]>();
    foreign = [];
    const addRule = (group: PolicyResource, rule: Rule) =>
      gathered.set(groupKey(group), [...(gathered.get(groupKey(group)) ?? []), rule]);
    const attach = (r: PolicyResource, rule: Rule) => {
      const group = resolve(r, "securityGroupId", () => [tryRead(() => r.props.securityGroupId)], isGroup)[0];
      if (group) {
        addRule(group, rule);
      } else if (rule.direction === "ingress") {
        const groupId = tryRead(() => r.props.securityGroupId);
        foreign.push({
          groupId: typeof groupId === "string" ? groupId : "(a group from outside this stack)",
          rule,
        });
      }
    };
    for (const r of resources) {
      const vpcIngress = r.isType(aws.vpc.SecurityGroupIngressRule as never);
      if (vpcIngress || r.isType(aws.vpc.SecurityGroupEgressRule as never)) {
        attach(r, {
          direction: vpcIngress ? "ingress" : "egress",
          protocol: protocolOf(r.props.ipProtocol),
          fromPort: Number(r.props.fromPort ?? -1),
          toPort: Number(r.props.toPort ?? -1),
          cidrs: [
            ...[r.props.cidrIpv4, r.props.cidrIpv6].filter((c): c is string => typeof c === "string"),
            ...(r.props.prefixListId ? cidrsOfPrefixLists(r, "prefixListId", [r.props.prefixListId]) : []),
          ],
          source: r,
        });
      } else if (r.isType(aws.ec2.SecurityGroupRule as never)) {
        attach(r, {
          direction: r.props.type === "egress" ? "egress" : "ingress",
          protocol: protocolOf(r.props.protocol),
          fromPort: Number(r.props.fromPort),
          toPort: Number(r.props.toPort),
          cidrs: [
            ...(r.props.cidrBlocks ?? []),
            ...(r.props.ipv6CidrBlocks ?? []),
            ...(r.props.prefixListIds?.length
              ? cidrsOfPrefixLists(r, "prefixListIds", r.props.prefixListIds)
              : []),
          ],
          source: r,
        });
      }
    }
    for (const group of resources.filter((r) => isGroup(r) && !isVpc(r))) {
      for (const direction of ["ingress", "egress"] as const) {
        for (const inline of (group.props[direction] as Record<string, unknown>[] | undefined) ?? []) {
          const lists = (inline.prefixListIds as unknown[] | undefined) ?? [];
          addRule(group, {
            direction,
            protocol: protocolOf(inline.protocol),
            fromPort: Number(inline.fromPort),
            toPort: Number(inline.toPort),
            cidrs: [
              ...((inline.cidrBlocks as string[]) ?? []),
              ...((inline.ipv6CidrBlocks as string[]) ?? []),
              ...(lists.length ? cidrsOfPrefixLists(undefined, "", lists) : []),
            ],
            source: group,
          });
        }
      }
    }
    return gathered;
  };

  // Groups attached to an endpoint by aws.ec2.SecurityGroupAssociation.
  const attachedGroups = new Map<PolicyResource, PolicyResource[]>();
  for (const attachment of ofType(aws.ec2.SecurityGroupAssociation)) {
    const endpoint = resolve(
      attachment,
      "vpcEndpointId",
      () => [tryRead(() => attachment.props.vpcEndpointId)],
      isEndpoint,
    )[0];
    const group = resolve(
      attachment,
      "securityGroupId",
      () => [tryRead(() => attachment.props.securityGroupId)],
      isGroup,
    )[0];
    if (endpoint && group) {
      attachedGroups.set(endpoint, [...(attachedGroups.get(endpoint) ?? []), group]);
    }
  }

  const factsCache = new Map<PolicyResource, Facts>();
  const factsOf = (association: PolicyResource): Facts => {
    let facts = factsCache.get(association);
    if (!facts) {
      facts = readFacts(association);
      factsCache.set(association, facts);
    }
    return facts;
  };
  const readFacts = (association: PolicyResource): Facts => {
    // 1. What the association observed (after its first create or update, or a refresh).
    const observed: Partial<Record<keyof DirectoryFacts, unknown>> = {};
    for (const name of FACT_NAMES) {
      observed[name] = tryRead(() => association.props[name]);
    }
    if (FACT_NAMES.every((n) => observed[n] !== undefined)) {
      return { known: observed as unknown as DirectoryFacts, source: "observed by the association" };
    }
    // 2. What the program read from AWS during this preview (an existing directory).
    const input = tryRead(() => association.props.directoryFacts) as
      (Partial<DirectoryFacts> & { source?: string; unknown?: string }) | undefined;
    if (input && typeof input === "object") {
      if (typeof input.unknown === "string") {
        return { unknown: input.unknown };
      }
      if (FACT_NAMES.every((n) => input[n] !== undefined)) {
        return { known: input as DirectoryFacts, source: String(input.source) };
      }
    }
    // 3. A directory this stack registers: what the stack declares.
    const directory = directoryOfAssociation.get(association);
    if (directory) {
      const workspaces = workspacesOf(directory);
      if (workspaces.length > 0) {
        return {
          unknown: `the stack launches ${workspaces.length} WorkSpace(s) in ${label(directory)} whose protocol (PCoIP or DCV) comes from their bundles, known only after deployment`,
        };
      }
      const ipGroupIds = tryRead(() => directory.props.ipGroupIds);
      return {
        known: {
          workspaceType: String(tryRead(() => directory.props.workspaceType) ?? "PERSONAL"),
          // A directory registered fresh has standard TLS and no Global Accelerator; a resource
          // of this stack that sets either is judged on its own by the rules.
          endpointEncryptionMode: "STANDARD_TLS",
          globalAcceleratorMode: "DISABLED",
          ipGroupIds: Array.isArray(ipGroupIds) ? (ipGroupIds as string[]) : [],
          pcoipWorkspaceCount: 0,
          globalAcceleratorWorkspaceCount: 0,
        },
        source: `declared by this stack (${label(directory)})`,
      };
    }
    return {
      unknown: `directory ${String(tryRead(() => association.props.directoryId) ?? "(unknown yet)")} is not managed by this stack, and its settings are known only to AWS (pulumi preview with credentials reads them)`,
    };
  };

  const result: Topology = {
    endpoints,
    associations,
    directories,
    endpointsOf: (referrer) => referenced.get(referrer) ?? [],
    directoryOf: (association) => directoryOfAssociation.get(association),
    declaresEndpoint,
    streams: (directory) => associated.has(directory) || declaresEndpoint(directory),
    directoryKeys,
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
      const ids = (tryRead(() => endpoint.props.securityGroupIds) as unknown[] | undefined) ?? [];
      const viaLinks = linked(endpoint, "securityGroupIds", isGroup);
      const groups =
        viaLinks.length > 0
          ? viaLinks
          : ids
              .map((id) => (typeof id === "string" ? byId.get(id) : undefined))
              .filter((g): g is PolicyResource => !!g && isGroup(g));
      const foreignIds =
        viaLinks.length > 0 ? [] : ids.filter((id): id is string => typeof id === "string" && !byId.has(id));
      const named =
        ids.length > 0 ||
        viaLinks.length > 0 ||
        (endpoint.propertyDependencies.securityGroupIds ?? []).length > 0;
      if (named && groups.length === 0 && foreignIds.length === 0) {
        foreignIds.push("(a group from outside this stack)");
      }
      const all = [...groups, ...(attachedGroups.get(endpoint) ?? [])];
      if (!named) {
        // AWS gives an endpoint that names no group its VPC's default group.
        all.push(...resolve(endpoint, "vpcId", () => [tryRead(() => endpoint.props.vpcId)], isVpc));
      }
      return {
        groups: [...new Set(all.map(groupKey))],
        named: named || (attachedGroups.get(endpoint) ?? []).length > 0,
        foreign: foreignIds,
      };
    },
    rulesOf(group) {
      rulesByGroup ??= gatherRules();
      return rulesByGroup.get(groupKey(group)) ?? [];
    },
    foreignRules() {
      rulesByGroup ??= gatherRules();
      return foreign;
    },
    factsOf,
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
