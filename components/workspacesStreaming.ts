/**
 * WorkspacesStreaming: the whole setup as one component, the way `new awsx.ec2.Vpc(...)` is one
 * network. Its arguments say what to build (the configuration's resolved values: `StreamingSetup`);
 * its public properties are the stack outputs of outputs.ts, with the same names and meanings.
 */
import * as pulumi from "@pulumi/pulumi";
import type { FoundNetwork } from "../config/existing";
import type { ExistingSetup, LabSetup, StreamingSetup } from "../config/types";
import { CUTOVER_DAYS } from "../cutover/report";
import { type OutputHolder, outputsOf } from "../outputs";
import { type EndpointFacts, privateLinkHostname, streamingServiceName } from "../policy/facts";
import type { StreamingEndpointAssociation } from "../providers/streamingEndpointAssociation";
import { ClientAccess } from "./clientAccess";
import { Monitoring, monitoringName } from "./monitoring";
import { NatInstance } from "./natInstance";
import { SignInLog, signInLogGroupName } from "./signInLog";
import { SourceNetwork } from "./sourceNetwork";
import { StreamingEndpoint, endpointAddresses, forwardDomains } from "./streamingEndpoint";
import {
  associationFacts,
  directoryIdsOutput,
  streamDirectories,
  streamingAssociationsOutput,
} from "./streamedDirectories";
import { UserWorkspaces } from "./userWorkspaces";
import { WindowsClient } from "./windowsClient";
import { WorkspacesNetwork } from "./workspacesNetwork";

/** The component's type token. */
export const WORKSPACES_STREAMING_TYPE = "workspaces-privatelink:index:WorkspacesStreaming";

/**
 * How a setup names what it makes. `"prefixed"`: every child's name starts with the component's
 * (`<name>-source`, `<name>-streaming`...), and so do the sign-in log, the dashboard and the alarms,
 * so several setups live in one program. `"unprefixed"`: the names this project's stack program
 * gave before the component existed (`source`, `streaming`...; `/aws/events/<project>/<stack>/sign-ins`,
 * `<project>-<stack>`), each child with its old URN at the stack's root as an alias, so a stack
 * deployed then replaces nothing. One setup per stack.
 */
export type Naming = "prefixed" | "unprefixed";

/** What the component takes besides the setup. */
interface BuildOptions {
  /**
   * The streaming service's name as the region offers it (`checkSetupInAws` and
   * `lookUpStreamingService` read it, and fail early where the region has none). Defaults to
   * `com.amazonaws.<region>.highlander`.
   */
  readonly serviceName?: string;
  /**
   * `network: existing`: what `checkSetupInAws` found of the network it names (required there):
   * the VPC's blocks, the subnets, the endpoint you have.
   */
  readonly found?: FoundNetwork;
  /** Defaults to `"prefixed"`: see {@link Naming}. */
  readonly naming?: Naming;
}

/** The setup (the configuration's resolved values) and what AWS said of it. */
export type WorkspacesStreamingArgs = StreamingSetup & BuildOptions;

/** The network the endpoint is in, as the rest of the setup builds on it, made or found. */
interface EndpointNetwork {
  readonly vpcId: pulumi.Input<string>;
  readonly subnetIds: readonly pulumi.Input<string>[];
  /** The VPC's own blocks: client ranges inside them get no route. */
  readonly localCidrs: readonly string[];
  /** Where routes to the clients go, with the keys their routes are named by. */
  readonly routeTables: readonly { readonly key: string; readonly routeTableId: pulumi.Input<string> }[];
  /** Whether the VPC still needs attaching to the transit gateway (one the stack made does). */
  readonly attachTransitGateway: boolean;
}

/** The streaming endpoint, made or found. */
interface Endpoint {
  readonly endpointId: pulumi.Input<string>;
  readonly serviceName: pulumi.Output<string>;
  readonly dnsNames: pulumi.Output<string[]>;
  readonly securityGroupId: pulumi.Output<string>;
  readonly endpointIps: pulumi.Output<string[]>;
  readonly dnsForwardDomains: pulumi.Output<string[]>;
  /** For an endpoint the stack does not make: what the pack decides on at preview. */
  readonly facts?: EndpointFacts;
  /** Whether your own DNS answers the streaming name (an endpoint you have with private DNS off). */
  readonly ownDns?: boolean;
}

/** The endpoint the stack makes, in a lab's VPC or in yours, admitting the setup's client ranges. */
function makeEndpoint(
  name: string,
  child: pulumi.ComponentResourceOptions,
  args: StreamingSetup,
  serviceName: string,
  vpcId: pulumi.Input<string>,
  subnetIds: readonly pulumi.Input<string>[],
): StreamingEndpoint {
  const { allowedCidrs } = args.streamingEndpoint;
  return new StreamingEndpoint(
    name,
    { vpcId, subnetIds, allowedCidrs, region: args.region, serviceName },
    child,
  );
}

/** What the lab builds besides the endpoint, for the outputs and the parts that follow it. */
interface Lab {
  readonly source: SourceNetwork;
  readonly nat: NatInstance;
  readonly workspaces: WorkspacesNetwork;
  readonly userWorkspaces: UserWorkspaces;
}

/**
 * Amazon WorkSpaces Personal streaming over AWS PrivateLink. `network: lab` builds the walkthrough:
 * the source network and its NAT, the WorkSpaces network and its directory, the Windows client.
 * `network: existing` builds none of that, and puts the endpoint in your subnets (or uses yours).
 * Either way: the interface endpoint for `...highlander` with its security group, what clients
 * beyond the VPC need, one StreamingEndpointAssociation per directory switched on, the sign-in log,
 * the dashboard and alarms. Properties that do not apply to a setup (no resolver, no client, the
 * lab's in an existing network...) are undefined.
 */
export class WorkspacesStreaming extends pulumi.ComponentResource implements OutputHolder {
  /** The region. */
  readonly region: string;
  /** The lab's source VPC. */
  readonly sourceVpcId: pulumi.Output<string> | undefined;
  /** The lab's WorkSpaces VPC. */
  readonly workspacesVpcId: pulumi.Output<string> | undefined;
  /** The interface endpoint (`vpce-...`). */
  readonly streamingEndpointId: pulumi.Output<string>;
  /** `com.amazonaws.<region>.highlander`. */
  readonly streamingEndpointServiceName: pulumi.Output<string>;
  /** The endpoint's DNS names. */
  readonly streamingEndpointDnsNames: pulumi.Output<string[]>;
  /** The endpoint's security group (an endpoint you have: its first). */
  readonly streamingEndpointSecurityGroupId: pulumi.Output<string>;
  /** `privatelink.prod.<region>.highlander.aws.a2z.com`: the name clients are sent to. */
  readonly privateLinkHostname: string;
  /** The private IPv4 addresses of the endpoint's network interfaces, sorted. */
  readonly streamingEndpointIps: pulumi.Output<string[]>;
  /** The names DNS outside the VPC must forward to `dnsResolverIps`. */
  readonly dnsForwardDomains: pulumi.Output<string[]>;
  /** The inbound resolver's addresses; undefined without `clientNetwork.dnsResolver`. */
  readonly dnsResolverIps: pulumi.Output<string[]> | undefined;
  /** The endpoint VPC's route tables, where routes to the clients go (existing: the ones given). */
  readonly streamingRouteTableIds: pulumi.Output<string[]>;
  /** The transit gateway attachment; undefined without `clientNetwork.transitGatewayId`. */
  readonly transitGatewayAttachmentId: pulumi.Output<string> | undefined;
  /** The first directory (the lab's, the one existing directory, or the first listed). */
  readonly directoryId: pulumi.Output<string>;
  /** Every directory streamed or ready to stream, in order. */
  readonly directoryIds: pulumi.Output<string[]>;
  /** The first directory's registration code (a lab). */
  readonly registrationCode: pulumi.Output<string> | undefined;
  /** User name -> WorkSpace ID (a lab). */
  readonly workspaceIds: pulumi.Output<Record<string, string>> | undefined;
  /** Whether the first directory's PCoIP WorkSpaces may still stream over the internet. */
  readonly allowPcoipOverInternet: pulumi.Output<boolean> | boolean;
  /** The NAT's mode (a lab). */
  readonly internetAccess: string | undefined;
  /** The NAT instance (a lab). */
  readonly natInstanceId: pulumi.Output<string> | undefined;
  /** The Windows client; undefined without one. */
  readonly clientInstanceId: pulumi.Output<string> | undefined;
  /** The client's EC2 Instance Connect Endpoint; undefined without a client. */
  readonly instanceConnectEndpointId: pulumi.Output<string> | undefined;
  /** The client's key pair; undefined without a client. */
  readonly clientKeyName: pulumi.Output<string> | undefined;
  /** The private key of the key pair made for the client (a secret); undefined when none was made. */
  readonly clientPrivateKeyPem: pulumi.Output<string> | undefined;
  /** What the first directory's association observed; undefined while it is switched off. */
  readonly streamingAssociation: ReturnType<typeof associationFacts> | undefined;
  /** Directory ID -> whether it streams through the endpoint, its PCoIP setting and observations. */
  readonly streamingAssociations: pulumi.Output<Record<string, Record<string, unknown>>>;
  /** The sign-in log's group; undefined without a sign-in log. */
  readonly signInLogGroupName: pulumi.Output<string> | undefined;
  /** The client ranges the endpoint admits, normalised; undefined for an endpoint you have. */
  readonly streamingClientCidrs: readonly string[] | undefined;
  /** The routed networks' public egress, normalised. */
  readonly signInEgressCidrs: readonly string[];
  /** The dashboard; undefined without monitoring. */
  readonly dashboardName: pulumi.Output<string> | undefined;
  /** The SNS topic every alarm notifies; undefined without monitoring. */
  readonly alarmTopicArn: pulumi.Output<string> | undefined;
  /** The associations, one per directory switched on, in the order of `streamedDirectories`. */
  readonly associations: readonly StreamingEndpointAssociation[];

  constructor(name: string, args: WorkspacesStreamingArgs, opts: pulumi.ComponentResourceOptions = {}) {
    if (args.network === "existing" && args.found === undefined) {
      throw new Error(
        `WorkspacesStreaming ${name}: network "existing" needs found, what checkSetupInAws(setup) looked up; spread its result into the args.`,
      );
    }
    super(WORKSPACES_STREAMING_TYPE, name, {}, opts);
    const naming = args.naming ?? "prefixed";
    const prefix = naming === "prefixed" ? `${name}-` : "";
    // A child the stack program once made at the stack's root keeps that URN as an alias; its own
    // children follow it (the engine derives their old URNs from their parent's).
    const child: pulumi.ComponentResourceOptions =
      naming === "unprefixed"
        ? { parent: this, aliases: [{ parent: pulumi.rootStackResource }] }
        : { parent: this };
    const project = pulumi.getProject();
    const stack = naming === "prefixed" ? `${pulumi.getStack()}-${name}` : pulumi.getStack();
    const serviceName = args.serviceName ?? streamingServiceName(args.region);
    const clientCidrs = args.streamingEndpoint.allowedCidrs;

    // The network and the endpoint: the lab's, built; or yours, found (and the endpoint built in it
    // unless you have one).
    let lab: Lab | undefined;
    let network: EndpointNetwork;
    let endpoint: Endpoint;
    if (args.network === "lab") {
      const built = this.buildLab(prefix, child, args, serviceName);
      ({ lab, network, endpoint } = built);
    } else {
      ({ network, endpoint } = this.useExisting(prefix, child, args, args.found!, serviceName));
    }

    // Clients outside the endpoint's VPC: DNS forwarding target and routing back to them.
    const tgw = args.clientNetwork.transitGatewayId;
    const clientAccess = new ClientAccess(
      `${prefix}clients`,
      {
        vpcId: network.vpcId,
        subnetIds: network.subnetIds,
        routeTables: network.routeTables,
        localCidrs: network.localCidrs,
        clientCidrs,
        dnsResolver: args.clientNetwork.dnsResolver,
        transitGateway: tgw === undefined ? undefined : { id: tgw, attach: network.attachTransitGateway },
      },
      child,
    );

    // Every WorkSpaces sign-in, with the client's address: who a cut-over would cut off.
    const logGroupName = signInLogGroupName(project, stack);
    const signInLog = args.signInLog.enabled
      ? new SignInLog(
          `${prefix}sign-ins`,
          { logGroupName, retentionDays: args.signInLog.retentionDays },
          child,
        )
      : undefined;
    const routedCidrs = [...clientCidrs, ...args.signInLog.egressCidrs];

    // One association per directory switched on, all on the one endpoint. The first waits for the
    // WorkSpaces the stack launches in it, so that its PCoIP count and warning include them.
    const labDirectoryId = lab?.workspaces.directoryId;
    const directories = args.streamedDirectories.map((d, i) => ({
      ...d,
      directoryId: d.directoryId ?? labDirectoryId!,
      knownId: d.directoryId,
      dependsOn: i === 0 && lab ? [lab.userWorkspaces] : [],
    }));
    const streams = streamDirectories({
      parent: this,
      namePrefix: prefix,
      movedFromRoot: naming === "unprefixed",
      directories,
      firstName: args.directory ? "kept" : "by-id",
      vpcEndpointId: endpoint.endpointId,
      ownDns: endpoint.ownDns,
      endpointFacts: endpoint.facts,
      region: args.region,
      profile: args.awsProfile,
      signIns: args.signInLog.enabled ? { logGroupName, routedCidrs, days: CUTOVER_DAYS } : undefined,
    });
    const association = streams[0].association;

    // The dashboard and alarms: the endpoint, each directory's sessions, the sign-in path.
    const monitoring = args.monitoring.enabled
      ? new Monitoring(
          `${prefix}monitoring`,
          {
            name: monitoringName(project, stack),
            region: args.region,
            endpointId: endpoint.endpointId,
            endpointVpcId: network.vpcId,
            serviceName: endpoint.serviceName,
            // The lab's directory ID is AWS's to give: its alarm is named "lab".
            directories: directories.map((d) => ({ key: d.knownId ?? "lab", directoryId: d.directoryId })),
            natInstanceId: lab?.nat.instanceId,
            signInLogGroupName: signInLog?.logGroupName,
            routedCidrs,
            connectionFailureRatio: args.monitoring.connectionFailureRatio,
            alarmEmail: args.monitoring.alarmEmail,
          },
          child,
        )
      : undefined;

    const client =
      args.network === "lab" && lab && args.client.enabled
        ? new WindowsClient(
            `${prefix}client`,
            {
              vpcId: lab.source.vpcId,
              subnetId: lab.source.privateSubnetIds[0],
              streamingCidrs: [
                args.streamingEndpoint.vpc === "source" ? lab.source.cidr : lab.workspaces.cidr,
              ],
              instanceType: args.client.instanceType,
              keyName: args.client.keyName,
              internetPath: [lab.nat],
            },
            child,
          )
        : undefined;

    const first = args.streamedDirectories[0];
    this.region = args.region;
    this.sourceVpcId = lab?.source.vpcId;
    this.workspacesVpcId = lab?.workspaces.vpcId;
    this.streamingEndpointId = pulumi.output(endpoint.endpointId);
    this.streamingEndpointServiceName = endpoint.serviceName;
    this.streamingEndpointDnsNames = endpoint.dnsNames;
    this.streamingEndpointSecurityGroupId = endpoint.securityGroupId;
    this.privateLinkHostname = privateLinkHostname(args.region);
    this.streamingEndpointIps = endpoint.endpointIps;
    this.dnsForwardDomains = endpoint.dnsForwardDomains;
    this.dnsResolverIps = clientAccess.dnsResolverIps;
    this.streamingRouteTableIds = pulumi.all(network.routeTables.map((t) => t.routeTableId));
    this.transitGatewayAttachmentId = clientAccess.transitGatewayAttachmentId;
    this.directoryId = streams[0].directoryId;
    this.directoryIds = directoryIdsOutput(streams);
    this.registrationCode = lab?.workspaces.registrationCode;
    this.workspaceIds = lab?.userWorkspaces.workspaceIds;
    this.allowPcoipOverInternet = association?.allowPcoipOverInternet ?? first.allowPcoipOverInternet;
    this.internetAccess = args.network === "lab" ? args.internetAccess : undefined;
    this.natInstanceId = lab?.nat.instanceId;
    this.clientInstanceId = client?.instanceId;
    this.instanceConnectEndpointId = client?.instanceConnectEndpointId;
    this.clientKeyName = client?.keyName;
    this.clientPrivateKeyPem = client?.privateKeyPem;
    this.streamingAssociation = association && associationFacts(association);
    this.streamingAssociations = streamingAssociationsOutput(streams);
    this.signInLogGroupName = signInLog?.logGroupName;
    this.streamingClientCidrs = endpoint.facts ? undefined : clientCidrs;
    this.signInEgressCidrs = args.signInLog.egressCidrs;
    this.dashboardName = monitoring?.dashboardName;
    this.alarmTopicArn = monitoring?.alarmTopicArn;
    this.associations = streams.flatMap((s) => (s.association ? [s.association] : []));
    this.registerOutputs(outputsOf(this));
  }

  /** The walkthrough's lab: both VPCs, the NAT, the directory, the WorkSpaces, and the endpoint. */
  private buildLab(
    prefix: string,
    child: pulumi.ComponentResourceOptions,
    args: LabSetup,
    serviceName: string,
  ): { lab: Lab; network: EndpointNetwork; endpoint: Endpoint } {
    const source = new SourceNetwork(`${prefix}source`, args.sourceVpc, child);
    const nat = new NatInstance(
      `${prefix}nat`,
      {
        vpcId: source.vpcId,
        subnetId: source.publicSubnetId,
        allowedSourceCidrs: source.privateSubnetCidrs,
        routeTableIds: [source.privateRouteTableId],
        internetAccess: args.internetAccess,
      },
      child,
    );
    // The stack's first directory: the lab's, the one existing directory, or the first listed.
    const workspaces = new WorkspacesNetwork(
      `${prefix}workspaces`,
      {
        ...args.workspacesVpc,
        directory: args.directory ?? {
          mode: "existing",
          directoryId: args.streamedDirectories[0].directoryId!,
        },
      },
      child,
    );
    const home = args.streamingEndpoint.vpc === "source" ? source : workspaces;
    const endpoint = makeEndpoint(
      `${prefix}streaming`,
      child,
      args,
      serviceName,
      home.vpcId,
      home.privateSubnetIds,
    );
    // Launched once the directory is registered (directoryId is the registration's output).
    const userWorkspaces = new UserWorkspaces(
      `${prefix}lab`,
      { directoryId: workspaces.directoryId, workspaces: args.workspaces },
      child,
    );
    return {
      lab: { source, nat, workspaces, userWorkspaces },
      network: {
        vpcId: home.vpcId,
        subnetIds: home.privateSubnetIds,
        localCidrs: [home.cidr],
        routeTables: [{ key: "0", routeTableId: home.privateRouteTableId }],
        attachTransitGateway: true,
      },
      endpoint,
    };
  }

  /** A network you have: the endpoint made in your subnets, or the one you have. */
  private useExisting(
    prefix: string,
    child: pulumi.ComponentResourceOptions,
    args: ExistingSetup,
    found: FoundNetwork,
    serviceName: string,
  ): { network: EndpointNetwork; endpoint: Endpoint } {
    const network: EndpointNetwork = {
      vpcId: found.vpcId,
      subnetIds: found.subnetIds,
      localCidrs: found.vpcCidrs,
      routeTables: found.routeTableIds.map((id) => ({ key: id, routeTableId: id })),
      attachTransitGateway: false, // a VPC attaches to a transit gateway once: yours is attached
    };
    const mine = found.endpoint;
    if (mine === undefined) {
      const endpoint = makeEndpoint(
        `${prefix}streaming`,
        child,
        args,
        serviceName,
        found.vpcId,
        found.subnetIds,
      );
      return { network, endpoint };
    }
    const dnsNames = pulumi.output([...mine.dnsNames]);
    return {
      network,
      endpoint: {
        endpointId: mine.id,
        serviceName: pulumi.output(mine.serviceName),
        dnsNames,
        securityGroupId: pulumi.output(mine.securityGroupIds[0]),
        endpointIps: endpointAddresses(mine.networkInterfaceIds, this),
        dnsForwardDomains: forwardDomains(args.region, dnsNames),
        facts: mine.facts,
        ownDns: "ownDns" in args.streamingEndpoint ? args.streamingEndpoint.ownDns : undefined,
      },
    };
  }
}
