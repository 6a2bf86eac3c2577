/**
 * `network: existing`: what the configuration names (a VPC and subnets, or an endpoint; route
 * tables) looked up in AWS once, before any resource, and checked: all problems at once, each with
 * the setting, the value and the fix. The lookups are pulumi-aws invokes, so they sign with the
 * stack's provider settings and run during `pulumi preview`. What they find is what the
 * WorkspacesStreaming component builds on (CDK's `Vpc.fromLookup`): the rest of the code sees the
 * same shape whether the stack made the endpoint or found it.
 *
 * `judgeExistingNetwork` is the pure part (table-tested); `lookUpExistingNetwork` reads and judges.
 */
import * as aws from "@pulumi/aws";
import { containsCidr } from "cidr-tools";
import { type EndpointFacts, endpointFactsProblems, streamingServiceName } from "../policy/facts";
import { ConfigError, type ConfigProblem, keyPath } from "./problems";
import { raiseQuotaFix } from "../ground/limits";
import type { ExistingEndpointConfig, ExistingSetup, SubnetsEndpointConfig } from "./types";

/** An endpoint you have, as the component builds on it. */
export interface FoundEndpoint {
  readonly id: string;
  readonly serviceName: string;
  /** Its DNS names (regional and zonal `*.vpce.amazonaws.com`, and the private name). */
  readonly dnsNames: readonly string[];
  readonly securityGroupIds: readonly string[];
  readonly networkInterfaceIds: readonly string[];
  /** What the policy pack decides on (the association's `endpointFacts` during preview). */
  readonly facts: EndpointFacts;
}

/** A network you have, as the lookups found it: what the component builds on. */
export interface FoundNetwork {
  readonly vpcId: string;
  /** The VPC's IPv4 blocks: a client range inside one is reached locally and gets no route. */
  readonly vpcCidrs: readonly string[];
  /** The endpoint's subnets: the given ones, or the endpoint's own. */
  readonly subnetIds: readonly string[];
  /** The route tables given (`clientNetwork.routeTableIds`). */
  readonly routeTableIds: readonly string[];
  /** The client ranges that get a route to the transit gateway in each route table. */
  readonly routedCidrs: readonly string[];
  /** The endpoint you have; undefined when the stack makes it. */
  readonly endpoint?: FoundEndpoint;
}

/** What a lookup returned, or why it failed. */
export type Read<T> = { readonly found: T } | { readonly error: string };

/** The parts of pulumi-aws's results the checks read. */
export interface VpcRead {
  readonly ownerId: string;
  readonly cidrBlock: string;
  readonly cidrBlockAssociations: readonly { readonly cidrBlock: string; readonly state?: string }[];
  readonly enableDnsSupport: boolean;
  readonly enableDnsHostnames: boolean;
}
export interface SubnetRead {
  readonly vpcId: string;
  readonly ownerId: string;
  readonly availabilityZone: string;
  readonly availabilityZoneId: string;
}
export interface RouteTableRead {
  readonly vpcId: string;
  readonly routes: readonly { readonly cidrBlock: string }[];
}
export interface EndpointRead {
  readonly vpcId: string;
  readonly ownerId: string;
  readonly serviceName: string;
  readonly vpcEndpointType: string;
  readonly ipAddressType: string;
  readonly dnsOptions: readonly { readonly dnsRecordIpType: string }[];
  readonly privateDnsEnabled: boolean;
  readonly state: string;
  readonly subnetIds: readonly string[];
  readonly securityGroupIds: readonly string[];
  readonly networkInterfaceIds: readonly string[];
  readonly dnsEntries: readonly { readonly dnsName: string }[];
}

/** Everything read for one existing network. */
export interface NetworkRead {
  readonly region: string;
  /** The account the stack deploys into (its caller identity). */
  readonly account: string;
  /** The availability zones (names) where the region offers the streaming service. */
  readonly serviceZones: readonly string[];
  readonly endpoint?: Read<EndpointRead>;
  readonly vpc?: Read<VpcRead>;
  readonly subnets: ReadonlyMap<string, Read<SubnetRead>>;
  readonly routeTables: ReadonlyMap<string, Read<RouteTableRead>>;
}

/** Whether an invoke's error says the thing does not exist (pulumi-aws's data sources' words). */
export function notFound(error: string): boolean {
  return /no matching|not ?found|does not exist|no results|couldn't find|InvalidVpc|InvalidSubnet|InvalidRouteTable/i.test(
    error,
  );
}

/** "does not exist ..." or "could not be read ...", for a lookup that found nothing (or was never made). */
function unread(what: string, region: string, lookup: Read<unknown> | undefined): string {
  const error = lookup && "error" in lookup ? lookup.error : "not read";
  return notFound(error)
    ? `does not exist in ${region} (or this account cannot see it); ${what}`
    : `could not be read (${error}); check the deployer's permissions (docs/production.md)`;
}

const addOwnerProblem = (account: string, owner: string, what: string) =>
  `is owned by account ${owner}, not ${account} where the stack deploys: ${what}; AWS supports streaming endpoints only in the directory's own account (not in shared VPCs)`;

/** What the pack and the checks judge of an endpoint you have, as EC2 described it. */
function endpointFacts(id: string, e: EndpointRead): EndpointFacts {
  return {
    vpcEndpointId: id,
    serviceName: e.serviceName,
    vpcEndpointType: e.vpcEndpointType,
    // Blank when EC2 leaves them out: an endpoint made before dual-stack existed is IPv4.
    ipAddressType: e.ipAddressType || "ipv4",
    dnsRecordIpType: e.dnsOptions[0]?.dnsRecordIpType || "ipv4",
    privateDnsEnabled: e.privateDnsEnabled,
    state: e.state,
  };
}

/** An endpoint you have: what streaming needs of any endpoint (policy/facts.ts), and this account's. */
function endpointProblems(config: ExistingEndpointConfig, e: EndpointRead, read: NetworkRead): string[] {
  const problems = endpointFactsProblems(endpointFacts(config.vpcEndpointId, e), {
    region: read.region,
    ownDns: config.ownDns,
    ownDnsSetting: "streamingEndpoint.ownDns: true",
  });
  if (e.ownerId !== read.account) {
    problems.push(addOwnerProblem(read.account, e.ownerId, "use an endpoint of this account"));
  }
  return problems;
}

/** The VPC's IPv4 blocks. */
function vpcBlocks(vpc: VpcRead): string[] {
  const associated = vpc.cidrBlockAssociations
    .filter((a) => a.state === undefined || a.state === "associated")
    .map((a) => a.cidrBlock);
  return [...new Set([vpc.cidrBlock, ...associated])];
}

/**
 * Every problem of an existing network, given what the lookups read, and what the component
 * builds on when there is none.
 */
export function judgeExistingNetwork(
  setup: ExistingSetup,
  read: NetworkRead,
): { problems: ConfigProblem[]; found?: FoundNetwork } {
  const problems: ConfigProblem[] = [];
  const at = (key: string, path: (string | number)[], message: string) =>
    problems.push({ key: keyPath(key, path), message });
  const config = setup.streamingEndpoint;
  const ownEndpoint = "vpcEndpointId" in config ? config : undefined;

  let endpoint: FoundEndpoint | undefined;
  let vpcId: string | undefined;
  let subnetIds: readonly string[] = [];
  if (ownEndpoint) {
    const e = read.endpoint;
    if (!e || "error" in e) {
      at(
        "streamingEndpoint",
        ["vpcEndpointId"],
        `"${ownEndpoint.vpcEndpointId}" ${unread("give an Interface endpoint for " + streamingServiceName(read.region) + " of this account (aws ec2 describe-vpc-endpoints lists them)", read.region, e)}`,
      );
    } else {
      for (const problem of endpointProblems(ownEndpoint, e.found, read)) {
        at("streamingEndpoint", ["vpcEndpointId"], `"${ownEndpoint.vpcEndpointId}" ${problem}`);
      }
      vpcId = e.found.vpcId;
      subnetIds = e.found.subnetIds;
      endpoint = {
        id: ownEndpoint.vpcEndpointId,
        serviceName: e.found.serviceName,
        dnsNames: e.found.dnsEntries.map((d) => d.dnsName),
        securityGroupIds: e.found.securityGroupIds,
        networkInterfaceIds: e.found.networkInterfaceIds,
        facts: endpointFacts(ownEndpoint.vpcEndpointId, e.found),
      };
    }
  } else {
    vpcId = (config as SubnetsEndpointConfig).vpcId;
    subnetIds = (config as SubnetsEndpointConfig).subnetIds;
  }

  // The VPC: the one given, or the endpoint's.
  let vpcCidrs: string[] = [];
  const vpcKey: [string, string[]] = ownEndpoint
    ? ["streamingEndpoint", ["vpcEndpointId"]]
    : ["streamingEndpoint", ["vpcId"]];
  const vpcName = ownEndpoint ? `its VPC ${vpcId}` : `"${vpcId}"`;
  const v = read.vpc;
  if (vpcId !== undefined) {
    if (!v || "error" in v) {
      at(
        ...vpcKey,
        `${vpcName} ${unread("give a VPC of this account (aws ec2 describe-vpcs lists them)", read.region, v)}`,
      );
    } else {
      vpcCidrs = vpcBlocks(v.found);
      if (v.found.ownerId !== read.account) {
        at(
          ...vpcKey,
          `${vpcName} ${addOwnerProblem(read.account, v.found.ownerId, "a VPC shared with this account (AWS RAM) cannot hold the streaming endpoint")}`,
        );
      }
      const privateDns = !ownEndpoint || endpoint?.facts.privateDnsEnabled === true;
      const off = [
        v.found.enableDnsSupport ? undefined : "DNS support",
        v.found.enableDnsHostnames ? undefined : "DNS hostnames",
      ].filter((x): x is string => x !== undefined);
      if (privateDns && off.length > 0) {
        at(
          ...vpcKey,
          `${vpcName} has ${off.join(" and ")} off; the endpoint's private DNS needs both on: aws ec2 modify-vpc-attribute --vpc-id ${vpcId} --enable-dns-support (and --enable-dns-hostnames), one at a time`,
        );
      }
    }
  }

  // The subnets the stack puts its endpoint in (an endpoint you have brings its own).
  if (!ownEndpoint) {
    const zones = new Map<string, number>();
    subnetIds.forEach((id, i) => {
      const s = read.subnets.get(id);
      if (!s || "error" in s) {
        at(
          "streamingEndpoint",
          ["subnetIds", i],
          `"${id}" ${unread("give subnets of the VPC (aws ec2 describe-subnets --filters Name=vpc-id,Values=" + vpcId + ")", read.region, s)}`,
        );
        return;
      }
      const subnet = s.found;
      if (subnet.vpcId !== vpcId) {
        at(
          "streamingEndpoint",
          ["subnetIds", i],
          `"${id}" is in ${subnet.vpcId}, not in streamingEndpoint.vpcId ${vpcId}; give subnets of that VPC`,
        );
      }
      if (subnet.ownerId !== read.account) {
        at(
          "streamingEndpoint",
          ["subnetIds", i],
          `"${id}" ${addOwnerProblem(read.account, subnet.ownerId, "a subnet shared with this account (AWS RAM) cannot hold the streaming endpoint")}`,
        );
      }
      if (read.serviceZones.length > 0 && !read.serviceZones.includes(subnet.availabilityZone)) {
        at(
          "streamingEndpoint",
          ["subnetIds", i],
          `"${id}" is in ${subnet.availabilityZone} (${subnet.availabilityZoneId}), where ${streamingServiceName(read.region)} is not offered (it is in ${read.serviceZones.join(", ")}); give a subnet in one of those zones`,
        );
      }
      const earlier = zones.get(subnet.availabilityZone);
      if (earlier !== undefined) {
        at(
          "streamingEndpoint",
          ["subnetIds", i],
          `"${id}" is in ${subnet.availabilityZone}, like subnetIds[${earlier}]; an endpoint takes one subnet per availability zone: give a subnet of another zone`,
        );
      } else {
        zones.set(subnet.availabilityZone, i);
      }
    });
  }

  // The route tables: in the VPC; with a transit gateway, room for the routes and none there already.
  const transitGateway = setup.clientNetwork.transitGatewayId;
  const routedCidrs = transitGateway
    ? config.allowedCidrs.filter((cidr) => !vpcCidrs.some((block) => containsCidr(block, cidr)))
    : [];
  setup.clientNetwork.routeTableIds.forEach((id, i) => {
    const r = read.routeTables.get(id);
    if (!r || "error" in r) {
      at(
        "clientNetwork",
        ["routeTableIds", i],
        `"${id}" ${unread("give route tables of the endpoint's VPC (aws ec2 describe-route-tables --filters Name=vpc-id,Values=" + vpcId + ")", read.region, r)}`,
      );
      return;
    }
    if (vpcId !== undefined && r.found.vpcId !== vpcId) {
      at(
        "clientNetwork",
        ["routeTableIds", i],
        `"${id}" belongs to ${r.found.vpcId}, not to the endpoint's VPC ${vpcId}; give route tables of that VPC`,
      );
      return;
    }
    const taken = routedCidrs.filter((cidr) => r.found.routes.some((route) => route.cidrBlock === cidr));
    if (taken.length > 0) {
      at(
        "clientNetwork",
        ["routeTableIds", i],
        `"${id}" has a route for ${taken.join(", ")} already; the stack would add one to ${transitGateway} for each and AWS refuses a second: remove those routes (or leave the table out and route yourself)`,
      );
    }
    const total = r.found.routes.length + routedCidrs.length - taken.length;
    if (routedCidrs.length > 0 && total > setup.clientNetwork.routesPerRouteTable) {
      at(
        "clientNetwork",
        ["routeTableIds", i],
        `"${id}" has ${r.found.routes.length} routes; with ${routedCidrs.length} more (one per client range) it would hold ${total}, over the quota of ${setup.clientNetwork.routesPerRouteTable} (clientNetwork.routesPerRouteTable): aggregate the client ranges; ${raiseQuotaFix("routes", total)}`,
      );
    }
  });

  if (problems.length > 0 || vpcId === undefined) {
    return { problems };
  }
  return {
    problems,
    found: {
      vpcId,
      vpcCidrs,
      subnetIds,
      routeTableIds: setup.clientNetwork.routeTableIds,
      routedCidrs,
      endpoint,
    },
  };
}

/** An invoke's result, or its error as text. */
async function read<T>(lookup: () => Promise<T>): Promise<Read<T>> {
  try {
    return { found: await lookup() };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Looks up what an existing network's configuration names (one invoke per VPC, subnet, route table
 * and endpoint, and the caller's account) and judges it. Throws a ConfigError listing every
 * problem; otherwise returns what the component builds on.
 */
export async function lookUpExistingNetwork(
  setup: ExistingSetup,
  serviceZones: readonly string[],
): Promise<FoundNetwork> {
  const config = setup.streamingEndpoint;
  const account = (await aws.getCallerIdentity({})).accountId;
  const endpoint =
    "vpcEndpointId" in config
      ? await read(() => aws.ec2.getVpcEndpoint({ id: config.vpcEndpointId }))
      : undefined;
  const vpcId =
    "vpcEndpointId" in config
      ? endpoint && "found" in endpoint
        ? endpoint.found.vpcId
        : undefined
      : config.vpcId;
  const subnetIds = "subnetIds" in config ? config.subnetIds : [];
  const [vpc, subnets, routeTables] = await Promise.all([
    vpcId === undefined ? undefined : read(() => aws.ec2.getVpc({ id: vpcId })),
    Promise.all(subnetIds.map(async (id) => [id, await read(() => aws.ec2.getSubnet({ id }))] as const)),
    Promise.all(
      setup.clientNetwork.routeTableIds.map(
        async (id) => [id, await read(() => aws.ec2.getRouteTable({ routeTableId: id }))] as const,
      ),
    ),
  ]);
  const judged = judgeExistingNetwork(setup, {
    region: setup.region,
    account,
    serviceZones,
    endpoint,
    vpc,
    subnets: new Map(subnets),
    routeTables: new Map(routeTables),
  });
  if (!judged.found) {
    throw new ConfigError(judged.problems);
  }
  return judged.found;
}
