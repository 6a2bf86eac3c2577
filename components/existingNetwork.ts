/**
 * `network: "existing"`: what the arguments name (a VPC and subnets, or an endpoint; route tables)
 * looked up in AWS once, before any of it is used, and checked: all problems at once, each with the
 * argument's path, the value and the fix. The lookups are pulumi-aws invokes with the caller's
 * options (`{ parent }` of the component), so they go through its aws provider, into its account
 * and region, and run during `pulumi preview`. What they find is what the WorkspacesStreaming
 * component builds on (CDK's `Vpc.fromLookup`): the rest of the code sees the same shape whether
 * the setup made the endpoint or found it.
 *
 * `judgeExistingNetwork` is the pure part (table-tested), in stages: the endpoint you have, the
 * VPC, the subnets, the route tables; `lookUpExistingNetwork` reads and judges.
 */
import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { containsCidr } from "cidr-tools";
import { raiseQuotaFix } from "../ground/limits";
import { type EndpointFacts, endpointFactsProblems, streamingServiceName } from "../policy/facts";
import type { ArgumentProblem } from "./argumentChecks";

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

/** The network to judge, as the arguments give it (every ID known by now). */
export type NetworkToJudge = {
  readonly clientNetwork: {
    readonly transitGatewayId?: string;
    readonly routeTableIds: readonly string[];
    readonly routesPerRouteTable: number;
  };
} & (
  | {
      readonly vpcId: string;
      readonly subnetIds: readonly string[];
      readonly allowedCidrs: readonly string[];
    }
  | { readonly vpcEndpointId: string; readonly ownDns: boolean }
);

/** Problems found so far, each at an argument's path. */
type Found = ArgumentProblem[];

/** An endpoint you have: what streaming needs of any endpoint (policy/facts.ts), and this account's. */
function judgeEndpoint(
  problems: Found,
  given: { readonly vpcEndpointId: string; readonly ownDns: boolean },
  read: NetworkRead,
): FoundEndpoint | undefined {
  const path = "streamingEndpoint.vpcEndpointId";
  const id = given.vpcEndpointId;
  const e = read.endpoint;
  if (!e || "error" in e) {
    problems.push({
      path,
      message: `"${id}" ${unread("give an Interface endpoint for " + streamingServiceName(read.region) + " of this account (aws ec2 describe-vpc-endpoints lists them)", read.region, e)}`,
    });
    return undefined;
  }
  const facts = endpointFacts(id, e.found);
  const found = endpointFactsProblems(facts, {
    region: read.region,
    ownDns: given.ownDns,
    ownDnsSetting: "streamingEndpoint.ownDns: true",
  });
  if (e.found.ownerId !== read.account) {
    found.push(addOwnerProblem(read.account, e.found.ownerId, "use an endpoint of this account"));
  }
  found.forEach((problem) => problems.push({ path, message: `"${id}" ${problem}` }));
  return {
    id,
    serviceName: e.found.serviceName,
    dnsNames: e.found.dnsEntries.map((d) => d.dnsName),
    securityGroupIds: e.found.securityGroupIds,
    networkInterfaceIds: e.found.networkInterfaceIds,
    facts,
  };
}

/** The VPC's IPv4 blocks. */
function vpcBlocks(vpc: VpcRead): string[] {
  const associated = vpc.cidrBlockAssociations
    .filter((a) => a.state === undefined || a.state === "associated")
    .map((a) => a.cidrBlock);
  return [...new Set([vpc.cidrBlock, ...associated])];
}

/** The VPC (the one given, or the endpoint's): this account's, with DNS on where private DNS needs it. Its blocks. */
function judgeVpc(
  problems: Found,
  vpcId: string,
  read: NetworkRead,
  endpoint: FoundEndpoint | undefined,
): string[] {
  const path = endpoint ? "streamingEndpoint.vpcEndpointId" : "streamingEndpoint.vpcId";
  const name = endpoint ? `its VPC ${vpcId}` : `"${vpcId}"`;
  const at = (message: string) => problems.push({ path, message: `${name} ${message}` });
  const v = read.vpc;
  if (!v || "error" in v) {
    at(unread("give a VPC of this account (aws ec2 describe-vpcs lists them)", read.region, v));
    return [];
  }
  if (v.found.ownerId !== read.account) {
    at(
      addOwnerProblem(
        read.account,
        v.found.ownerId,
        "a VPC shared with this account (AWS RAM) cannot hold the streaming endpoint",
      ),
    );
  }
  const privateDns = !endpoint || endpoint.facts.privateDnsEnabled;
  const off = [
    v.found.enableDnsSupport ? undefined : "DNS support",
    v.found.enableDnsHostnames ? undefined : "DNS hostnames",
  ].filter((x): x is string => x !== undefined);
  if (privateDns && off.length > 0) {
    at(
      `has ${off.join(" and ")} off; the endpoint's private DNS needs both on: aws ec2 modify-vpc-attribute --vpc-id ${vpcId} --enable-dns-support (and --enable-dns-hostnames), one at a time`,
    );
  }
  return vpcBlocks(v.found);
}

/** The subnets the setup puts its endpoint in: the VPC's, this account's, one per zone where the service is. */
function judgeSubnets(problems: Found, vpcId: string, subnetIds: readonly string[], read: NetworkRead): void {
  const zones = new Map<string, number>();
  subnetIds.forEach((id, i) => {
    const path = `streamingEndpoint.subnetIds[${i}]`;
    const at = (message: string) => problems.push({ path, message: `"${id}" ${message}` });
    const s = read.subnets.get(id);
    if (!s || "error" in s) {
      at(
        unread(
          "give subnets of the VPC (aws ec2 describe-subnets --filters Name=vpc-id,Values=" + vpcId + ")",
          read.region,
          s,
        ),
      );
      return;
    }
    const subnet = s.found;
    if (subnet.vpcId !== vpcId) {
      at(`is in ${subnet.vpcId}, not in streamingEndpoint.vpcId ${vpcId}; give subnets of that VPC`);
    }
    if (subnet.ownerId !== read.account) {
      at(
        addOwnerProblem(
          read.account,
          subnet.ownerId,
          "a subnet shared with this account (AWS RAM) cannot hold the streaming endpoint",
        ),
      );
    }
    if (read.serviceZones.length > 0 && !read.serviceZones.includes(subnet.availabilityZone)) {
      at(
        `is in ${subnet.availabilityZone} (${subnet.availabilityZoneId}), where ${streamingServiceName(read.region)} is not offered (it is in ${read.serviceZones.join(", ")}); give a subnet in one of those zones`,
      );
    }
    const earlier = zones.get(subnet.availabilityZone);
    if (earlier !== undefined) {
      at(
        `is in ${subnet.availabilityZone}, like subnetIds[${earlier}]; an endpoint takes one subnet per availability zone: give a subnet of another zone`,
      );
    } else {
      zones.set(subnet.availabilityZone, i);
    }
  });
}

/** The route tables: in the VPC; with a transit gateway, room for the routes and none there already. */
function judgeRouteTables(
  problems: Found,
  network: NetworkToJudge,
  vpcId: string | undefined,
  routedCidrs: readonly string[],
  read: NetworkRead,
): void {
  const { transitGatewayId, routeTableIds, routesPerRouteTable } = network.clientNetwork;
  routeTableIds.forEach((id, i) => {
    const path = `clientNetwork.routeTableIds[${i}]`;
    const at = (message: string) => problems.push({ path, message: `"${id}" ${message}` });
    const r = read.routeTables.get(id);
    if (!r || "error" in r) {
      at(
        unread(
          "give route tables of the endpoint's VPC (aws ec2 describe-route-tables --filters Name=vpc-id,Values=" +
            vpcId +
            ")",
          read.region,
          r,
        ),
      );
      return;
    }
    if (vpcId !== undefined && r.found.vpcId !== vpcId) {
      at(`belongs to ${r.found.vpcId}, not to the endpoint's VPC ${vpcId}; give route tables of that VPC`);
      return;
    }
    const taken = routedCidrs.filter((cidr) => r.found.routes.some((route) => route.cidrBlock === cidr));
    if (taken.length > 0) {
      at(
        `has a route for ${taken.join(", ")} already; the stack would add one to ${transitGatewayId} for each and AWS refuses a second: remove those routes (or leave the table out and route yourself)`,
      );
    }
    const total = r.found.routes.length + routedCidrs.length - taken.length;
    if (routedCidrs.length > 0 && total > routesPerRouteTable) {
      at(
        `has ${r.found.routes.length} routes; with ${routedCidrs.length} more (one per client range) it would hold ${total}, over the quota of ${routesPerRouteTable} (clientNetwork.routesPerRouteTable): aggregate the client ranges; ${raiseQuotaFix("routes", total)}`,
      );
    }
  });
}

/**
 * Every problem of an existing network, given what the lookups read, and what the component
 * builds on when there is none.
 */
export function judgeExistingNetwork(
  network: NetworkToJudge,
  read: NetworkRead,
): { problems: ArgumentProblem[]; found?: FoundNetwork } {
  const problems: Found = [];
  const endpoint = "vpcEndpointId" in network ? judgeEndpoint(problems, network, read) : undefined;
  const vpcId = "vpcEndpointId" in network ? endpointVpc(read) : network.vpcId;
  const subnetIds = "vpcEndpointId" in network ? endpointSubnets(read) : network.subnetIds;
  const vpcCidrs = vpcId === undefined ? [] : judgeVpc(problems, vpcId, read, endpoint);
  if (!("vpcEndpointId" in network) && vpcId !== undefined) {
    judgeSubnets(problems, vpcId, subnetIds, read);
  }
  const allowedCidrs = "allowedCidrs" in network ? network.allowedCidrs : [];
  const routedCidrs = network.clientNetwork.transitGatewayId
    ? allowedCidrs.filter((cidr) => !vpcCidrs.some((block) => containsCidr(block, cidr)))
    : [];
  judgeRouteTables(problems, network, vpcId, routedCidrs, read);
  if (problems.length > 0 || vpcId === undefined) {
    return { problems };
  }
  return {
    problems,
    found: {
      vpcId,
      vpcCidrs,
      subnetIds,
      routeTableIds: network.clientNetwork.routeTableIds,
      routedCidrs,
      endpoint,
    },
  };
}

const endpointVpc = (read: NetworkRead) =>
  read.endpoint && "found" in read.endpoint ? read.endpoint.found.vpcId : undefined;
const endpointSubnets = (read: NetworkRead) =>
  read.endpoint && "found" in read.endpoint ? read.endpoint.found.subnetIds : [];

/** An invoke's result, or its error as text. */
async function read<T>(lookup: () => Promise<T>): Promise<Read<T>> {
  try {
    return { found: await lookup() };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Looks up what an existing network names (one invoke per VPC, subnet, route table and endpoint,
 * with `opts`: the component's, so through its provider) and judges it. `account` and `region` are
 * those of that provider; `serviceZones` where the region offers the streaming service.
 */
export async function lookUpExistingNetwork(
  network: NetworkToJudge,
  context: { readonly account: string; readonly region: string; readonly serviceZones: readonly string[] },
  opts: pulumi.InvokeOptions,
): Promise<{ problems: ArgumentProblem[]; found?: FoundNetwork }> {
  const endpoint =
    "vpcEndpointId" in network
      ? await read(() => aws.ec2.getVpcEndpoint({ id: network.vpcEndpointId }, opts))
      : undefined;
  const vpcId =
    "vpcEndpointId" in network
      ? endpoint && "found" in endpoint
        ? endpoint.found.vpcId
        : undefined
      : network.vpcId;
  const subnetIds = "subnetIds" in network ? network.subnetIds : [];
  const [vpc, subnets, routeTables] = await Promise.all([
    vpcId === undefined ? undefined : read(() => aws.ec2.getVpc({ id: vpcId }, opts)),
    Promise.all(
      subnetIds.map(async (id) => [id, await read(() => aws.ec2.getSubnet({ id }, opts))] as const),
    ),
    Promise.all(
      network.clientNetwork.routeTableIds.map(
        async (id) => [id, await read(() => aws.ec2.getRouteTable({ routeTableId: id }, opts))] as const,
      ),
    ),
  ]);
  return judgeExistingNetwork(network, {
    ...context,
    endpoint,
    vpc,
    subnets: new Map(subnets),
    routeTables: new Map(routeTables),
  });
}
