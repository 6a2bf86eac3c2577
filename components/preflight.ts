/**
 * What the WorkspacesStreaming component can only learn from AWS, asked before anything of it is
 * made, through the caller's aws provider (invokes with the component's options): the provider's
 * account and region, the region's streaming service, and then, for a lab, whether EC2 offers the
 * Windows client's instance type in its zone (a type AWS does not offer would fail at the
 * instance's create, after both VPCs, the NAT and the directory exist); for a network you have,
 * everything it names (components/existingNetwork.ts). Values that are Outputs are checked when
 * they resolve, before anything that uses them is made.
 *
 * `checkSetupInAws` is the preflight alone: the component runs it itself, and a program may run
 * it first (and pass its result as `inAws`) to fail before the component is registered.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { editDistance } from "../doctor/words";
import { streamingServiceName } from "../policy/facts";
import { type ArgumentProblem, ArgumentsError } from "./argumentChecks";
import { type ResolvedExisting, type Setup, readArguments } from "./arguments";
import { type FoundNetwork, type NetworkToJudge, lookUpExistingNetwork } from "./existingNetwork";
import type { WorkspacesStreamingArgs } from "./workspacesStreamingArgs";

/** What the lookups found: what the component builds on. */
export interface SetupInAws {
  /** The region of the aws provider the lookups went through: the setup's. */
  readonly region: string;
  /** The account of that provider: where every association must act (checked before its writes). */
  readonly accountId: string;
  /** The streaming service's name as the region offers it. */
  readonly serviceName: string;
  /**
   * `network: "existing"`: the network as found and checked; an Output when some of its IDs were
   * Outputs (checked when they resolve, before the endpoint or a route is made).
   */
  readonly network?: FoundNetwork | pulumi.Output<FoundNetwork>;
  /** What this was found for (the setup's region and plain network IDs): a component refuses it for others. */
  readonly foundFor: string;
  /** Things worth a look that are not problems, each after its argument's path. */
  readonly warnings: readonly string[];
}

/** The offered type nearest a mistyped one: same family letter, at most two edits away. */
export function nearestInstanceType(wanted: string, offered: readonly string[]): string | undefined {
  const candidates = offered
    .filter((type) => type[0] === wanted[0])
    .map((type) => ({ type, d: editDistance(wanted, type) }))
    .filter(({ d }) => d <= 2)
    .sort((a, b) => a.d - b.d || a.type.localeCompare(b.type));
  return candidates[0]?.type;
}

/** The problem with the client's instance type, given what EC2 offers in its zone. */
export function instanceTypeProblem(
  instanceType: string,
  zone: string,
  region: string,
  offered: readonly string[],
): ArgumentProblem | undefined {
  if (offered.includes(instanceType)) {
    return undefined;
  }
  const guess = nearestInstanceType(instanceType, offered);
  return {
    path: "client.instanceType",
    message:
      `${JSON.stringify(instanceType)} is not offered by EC2 in ${zone} (${region}), where the client runs` +
      (guess ? ` (did you mean ${JSON.stringify(guess)}?)` : "") +
      `; aws ec2 describe-instance-type-offerings --region ${region} --location-type availability-zone-id --filters Name=location,Values=${zone} lists what is`,
  };
}

/**
 * Looks the streaming service up in the region: a region that does not offer it fails before
 * anything is made, naming the region.
 */
export async function lookUpStreamingService(
  region: string,
  opts: pulumi.InvokeOptions = {},
): Promise<aws.ec2.GetVpcEndpointServiceResult> {
  const serviceName = streamingServiceName(region);
  try {
    return await aws.ec2.getVpcEndpointService({ serviceName, serviceType: "Interface" }, opts);
  } catch (error) {
    if (/no matching VPC Endpoint Service/i.test(String((error as Error).message))) {
      throw new pulumi.RunError(
        `${serviceName} is not offered in ${region}: WorkSpaces streaming over PrivateLink is not available there. Deploy to a region where WorkSpaces Personal offers it (aws ec2 describe-vpc-endpoint-services --region ${region} --service-names ${serviceName} shows it where it is).`,
      );
    }
    throw error;
  }
}

/** Whether EC2 offers the lab client's instance type in its zone (one read; none without a client). */
async function checkInstanceType(setup: Extract<Setup, { network: "lab" }>, opts: pulumi.InvokeOptions) {
  if (!setup.client.enabled) {
    return [];
  }
  // The client runs in the source VPC's first private subnet, in its first AZ ID.
  const zone = setup.sourceVpc.availabilityZoneIds[0];
  const offerings = await aws.ec2.getInstanceTypeOfferings(
    { locationType: "availability-zone-id", filters: [{ name: "location", values: [zone] }] },
    opts,
  );
  const problem = instanceTypeProblem(setup.client.instanceType, zone, setup.region, offerings.instanceTypes);
  return problem ? [problem] : [];
}

/** The network as the judgement takes it: its IDs resolved (at once when each is a plain value). */
function plainNetwork(setup: ResolvedExisting): pulumi.Output<NetworkToJudge> {
  const e = setup.streamingEndpoint;
  const clientNetwork = pulumi.output(setup.clientNetwork).apply((n) => ({
    transitGatewayId: n.transitGatewayId,
    routeTableIds: n.routeTableIds,
    routesPerRouteTable: n.routesPerRouteTable,
  }));
  if ("vpcEndpointId" in e) {
    return pulumi.all([e.vpcEndpointId, clientNetwork]).apply(([vpcEndpointId, network]) => ({
      vpcEndpointId,
      ownDns: e.ownDns,
      clientNetwork: network,
    }));
  }
  return pulumi
    .all([e.vpcId, pulumi.output(e.subnetIds), clientNetwork])
    .apply(([vpcId, subnetIds, network]) => ({
      vpcId,
      subnetIds,
      allowedCidrs: e.allowedCidrs,
      clientNetwork: network,
    }));
}

/** Whether a value holds an Output or a Promise anywhere (a list of them included). */
function pending(value: unknown): boolean {
  if (Array.isArray(value)) {
    return value.some(pending);
  }
  return pulumi.Output.isInstance(value) || value instanceof Promise;
}

/** What a result was found for: the region and the network's plain IDs. */
export function foundFor(setup: Setup): string {
  const e = setup.streamingEndpoint;
  const ids = "vpcEndpointId" in e || "vpcId" in e ? e : {};
  const plain = (v: unknown) => (pending(v) ? "(Output)" : v);
  return JSON.stringify([
    setup.region,
    setup.network,
    Object.entries(ids).map(([k, v]) => [k, Array.isArray(v) ? v.map(plain) : plain(v)]),
    plain(setup.clientNetwork.transitGatewayId),
    setup.clientNetwork.routeTableIds,
  ]);
}

/**
 * The existing network looked up and judged: at once when every ID is a plain value; otherwise an
 * Output that does so when they resolve, failing then (before the endpoint is made) on a problem.
 */
async function checkNetwork(
  setup: ResolvedExisting,
  context: { account: string; region: string; serviceZones: readonly string[] },
  opts: pulumi.InvokeOptions,
  subject: string,
): Promise<FoundNetwork | pulumi.Output<FoundNetwork>> {
  const network = plainNetwork(setup);
  const judge = async (n: NetworkToJudge) => {
    const judged = await lookUpExistingNetwork(n, context, opts);
    if (!judged.found) {
      throw new ArgumentsError(subject, judged.problems);
    }
    return judged.found;
  };
  const e = setup.streamingEndpoint;
  const waiting = [...Object.values(e), setup.clientNetwork.transitGatewayId].some(pending);
  if (!waiting) {
    return judge(await new Promise<NetworkToJudge>((resolve) => network.apply(resolve)));
  }
  return network.apply(judge);
}

/**
 * Checks the arguments, then asks AWS (through `opts`: a `parent`, `provider` or `providers`)
 * what they cannot say, and fails before anything is made, with every problem's argument path,
 * value and fix (an `ArgumentsError`, a `pulumi.RunError`). Returns what the component builds on.
 */
export async function checkSetupInAws(
  args: WorkspacesStreamingArgs,
  opts: pulumi.InvokeOptions = {},
  subject = "checkSetupInAws",
): Promise<SetupInAws> {
  const given = readArguments(args, args?.region);
  if (given.problems.length > 0) {
    throw new ArgumentsError(subject, given.problems);
  }
  const provider = await aws.getRegion({}, opts);
  const identity = await aws.getCallerIdentity({}, opts);
  const region = provider.region ?? provider.name;
  if (args.region !== undefined && args.region !== region) {
    throw new ArgumentsError(subject, [
      {
        path: "region",
        message: `"${args.region}" is not the region of the aws provider these resources use, "${region}": every lookup and resource would be in ${region}. Pass region "${region}", or give the component an aws provider for ${args.region} (opts.providers: [new aws.Provider("...", { region: "${args.region}" })])`,
      },
    ]);
  }
  const read = readArguments(args, region);
  if (!read.setup) {
    throw new ArgumentsError(subject, read.problems);
  }
  const setup = read.setup;
  const service = await lookUpStreamingService(region, opts);
  const found = {
    region,
    accountId: identity.accountId,
    serviceName: service.serviceName,
    foundFor: foundFor(setup),
    warnings: read.warnings,
  };
  if (setup.network === "lab") {
    const problems = await checkInstanceType(setup, opts);
    if (problems.length > 0) {
      throw new ArgumentsError(subject, problems);
    }
    return found;
  }
  const context = { account: identity.accountId, region, serviceZones: service.availabilityZones };
  return { ...found, network: await checkNetwork(setup, context, opts, subject) };
}
