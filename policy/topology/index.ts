/**
 * What the policies share: which resources are streaming endpoints, which directories stream and
 * who owns their setting, which security groups and rules guard an endpoint, and what is known of
 * each streamed directory. Composed from named steps (one file each beside this one), from the
 * links Pulumi records between resources: property dependencies first, then, for values passed as
 * plain strings, matching IDs.
 *
 * Built once per analysis. CrossGuard hands every stack policy its own copy of the resources (a
 * new array of new objects: @pulumi/policy's server.js builds them inside its loop over the
 * policies), so the cache is keyed on what stays the same across the policies of one analysis:
 * the list of URNs. A policy that asks a second time is in a new analysis (CrossGuard runs each
 * policy once per analysis), which may hold the same URNs with other values: it gets a new build.
 */
import { PolicyResource } from "@pulumi/policy";
import { DirectoryLinks, directoryKeys, directoryLinks, targetsStreamingDirectory } from "./directories";
import { Facts, readFacts } from "./directoryFacts";
import { declaresEndpoint, endpointReferences, streamingEndpoints } from "./endpoints";
import {
  EndpointGroups,
  GatheredRules,
  Rule,
  attachedGroups,
  gatherRules,
  groupsOf,
  prefixListCidrs,
} from "./groups";
import { byKind, groupKey, indexById } from "./resources";
import { FoundEndpointFacts, readEndpointFacts } from "./foundEndpoints";
import { privateZones, zonesAnswering } from "./zones";

export type { Direction, EndpointGroups, Rule } from "./groups";
export type { Facts } from "./directoryFacts";
export type { FoundEndpointFacts } from "./foundEndpoints";

export interface Topology {
  /** The resources it was built from: policies read the stack through these, never their own copy. */
  readonly resources: readonly PolicyResource[];
  /** Streaming endpoints, each with why it counts as one. */
  readonly endpoints: ReadonlyMap<PolicyResource, string[]>;
  readonly associations: readonly PolicyResource[];
  /** `aws.workspaces.Directory` resources. */
  readonly directories: readonly PolicyResource[];
  /** The AWS provider resources of the stack. */
  readonly awsProviders: readonly PolicyResource[];
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
  /**
   * What is known of the endpoint an association streams through, when the stack does not make it
   * (an endpoint you have); undefined when the endpoint is a resource of the stack.
   */
  foundEndpointOf(association: PolicyResource): FoundEndpointFacts | undefined;
  /** The stack's private hosted zones that answer the streaming name of `region`. */
  zonesAnswering(region: string | undefined): PolicyResource[];
}

/** Composes the steps. Everything but the links and kinds is worked out on first use. */
export function buildTopology(resources: readonly PolicyResource[]): Topology {
  const kinds = byKind(resources);
  const ids = indexById(resources);
  const referenced = endpointReferences(ids, kinds.association, kinds.directory);
  const endpoints = streamingEndpoints(kinds.endpoint, referenced);
  const keysOf = directoryKeys();
  let links: DirectoryLinks | undefined;
  const linksNow = () =>
    (links ??= directoryLinks(keysOf, kinds.association, kinds.directory, kinds.workspace));
  const attached = attachedGroups(ids, kinds.groupAssociation);
  // Rules are gathered on first use, reading their values as they are: a port unknown during
  // preview makes only the policies that need ports undecided, and is not cached.
  let rules: GatheredRules | undefined;
  const rulesNow = () => (rules ??= gatherRules(ids, resources, prefixListCidrs(ids, kinds)));
  const facts = new Map<PolicyResource, Facts>();
  let zones: ReturnType<typeof privateZones> | undefined;

  return {
    resources,
    endpoints,
    associations: kinds.association,
    directories: kinds.directory,
    awsProviders: kinds.awsProvider,
    endpointsOf: (referrer) => referenced.get(referrer) ?? [],
    directoryOf: (association) => linksNow().directoryOf.get(association),
    declaresEndpoint,
    streams: (directory) => linksNow().associated.has(directory) || declaresEndpoint(directory),
    directoryKeys: keysOf,
    targetsStreamingDirectory: (resource) => targetsStreamingDirectory(linksNow().streamingKeys, resource),
    groupsOf: (endpoint) => groupsOf(ids, endpoint, attached),
    rulesOf: (group) => rulesNow().byGroup.get(groupKey(ids, group)) ?? [],
    foreignRules: () => rulesNow().foreign,
    factsOf(association) {
      let known = facts.get(association);
      if (!known) {
        const l = linksNow();
        known = readFacts(association, l.directoryOf.get(association), l.workspacesOf);
        facts.set(association, known);
      }
      return known;
    },
    foundEndpointOf: (association) =>
      (referenced.get(association) ?? []).length > 0 ? undefined : readEndpointFacts(association),
    zonesAnswering: (region) => zonesAnswering((zones ??= privateZones(kinds.zone)), region),
  };
}

interface Analysis {
  readonly urns: readonly string[];
  readonly topology: Topology;
  /** The policies it has served: one asking again starts a new analysis. */
  readonly askers: Set<string>;
}

let current: Analysis | undefined;
let builds = 0;

function sameUrns(urns: readonly string[], resources: readonly PolicyResource[]): boolean {
  if (urns.length !== resources.length) {
    return false;
  }
  for (let i = 0; i < urns.length; i++) {
    if (urns[i] !== resources[i].urn) {
      return false;
    }
  }
  return true;
}

/**
 * The topology of the stack, for the policy `asker`: built for the first policy of an analysis and
 * shared by the others (see the module comment). Without `asker`, always a new build.
 */
export function topology(resources: readonly PolicyResource[], asker?: string): Topology {
  if (asker !== undefined && current && !current.askers.has(asker) && sameUrns(current.urns, resources)) {
    current.askers.add(asker);
    return current.topology;
  }
  const built = buildTopology(resources);
  builds++;
  if (asker !== undefined) {
    current = { urns: resources.map((r) => r.urn), topology: built, askers: new Set([asker]) };
  }
  return built;
}

/** How many times this process has built a topology (the benchmark and tests read it). */
export function topologyBuilds(): number {
  return builds;
}
