/**
 * WorkspacesStreaming: the whole setup as one component, the way `new awsx.ec2.Vpc(...)` is one
 * network. Its arguments say what to build (the configuration's resolved values: `StreamingSetup`);
 * its public properties are the stack outputs of outputs.ts, with the same names and meanings.
 */
import * as pulumi from "@pulumi/pulumi";
import type { StreamingSetup } from "../config/types";
import { CUTOVER_DAYS } from "../cutover/report";
import { type OutputHolder, outputsOf } from "../outputs";
import { streamingServiceName } from "../policy/facts";
import type { StreamingEndpointAssociation } from "../providers/streamingEndpointAssociation";
import { ClientAccess } from "./clientAccess";
import { Monitoring, monitoringName } from "./monitoring";
import { NatInstance } from "./natInstance";
import { SignInLog, signInLogGroupName } from "./signInLog";
import { SourceNetwork } from "./sourceNetwork";
import { StreamingEndpoint } from "./streamingEndpoint";
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

export interface WorkspacesStreamingArgs extends StreamingSetup {
  /**
   * The streaming service's name as the region offers it (`lookUpStreamingService`, which also
   * fails early where the region has none). Defaults to `com.amazonaws.<region>.highlander`.
   */
  readonly serviceName?: string;
  /** Defaults to `"prefixed"`: see {@link Naming}. */
  readonly naming?: Naming;
}

/**
 * Amazon WorkSpaces Personal streaming over AWS PrivateLink: the source network and its NAT, the
 * WorkSpaces network and its directory, the interface endpoint for `...highlander` with its
 * security group, what clients beyond the VPC need, one StreamingEndpointAssociation per directory
 * switched on, the sign-in log and the dashboard and alarms. Properties that do not apply to a
 * setup (no resolver, no client...) are undefined.
 */
export class WorkspacesStreaming extends pulumi.ComponentResource implements OutputHolder {
  /** The region. */
  readonly region: string;
  /** The source VPC. */
  readonly sourceVpcId: pulumi.Output<string>;
  /** The WorkSpaces VPC. */
  readonly workspacesVpcId: pulumi.Output<string>;
  /** The interface endpoint (`vpce-...`). */
  readonly streamingEndpointId: pulumi.Output<string>;
  /** `com.amazonaws.<region>.highlander`. */
  readonly streamingEndpointServiceName: pulumi.Output<string>;
  /** The endpoint's DNS names. */
  readonly streamingEndpointDnsNames: pulumi.Output<string[]>;
  /** The endpoint's security group. */
  readonly streamingEndpointSecurityGroupId: pulumi.Output<string>;
  /** `privatelink.prod.<region>.highlander.aws.a2z.com`: the name clients are sent to. */
  readonly privateLinkHostname: string;
  /** The private IPv4 addresses of the endpoint's network interfaces, sorted. */
  readonly streamingEndpointIps: pulumi.Output<string[]>;
  /** The names DNS outside the VPC must forward to `dnsResolverIps`. */
  readonly dnsForwardDomains: pulumi.Output<string[]>;
  /** The inbound resolver's addresses; undefined without `clientNetwork.dnsResolver`. */
  readonly dnsResolverIps: pulumi.Output<string[]> | undefined;
  /** The endpoint VPC's route tables, where routes to the clients go. */
  readonly streamingRouteTableIds: pulumi.Output<string[]>;
  /** The transit gateway attachment; undefined without `clientNetwork.transitGatewayId`. */
  readonly transitGatewayAttachmentId: pulumi.Output<string> | undefined;
  /** The first directory (the lab's, the one existing directory, or the first listed). */
  readonly directoryId: pulumi.Output<string>;
  /** Every directory streamed or ready to stream, in order. */
  readonly directoryIds: pulumi.Output<string[]>;
  /** The first directory's registration code. */
  readonly registrationCode: pulumi.Output<string>;
  /** User name -> WorkSpace ID. */
  readonly workspaceIds: pulumi.Output<Record<string, string>>;
  /** Whether the first directory's PCoIP WorkSpaces may still stream over the internet. */
  readonly allowPcoipOverInternet: pulumi.Output<boolean> | boolean;
  /** The NAT's mode. */
  readonly internetAccess: string;
  /** The NAT instance. */
  readonly natInstanceId: pulumi.Output<string>;
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
  /** The client ranges the endpoint admits, normalised. */
  readonly streamingClientCidrs: readonly string[];
  /** The routed networks' public egress, normalised. */
  readonly signInEgressCidrs: readonly string[];
  /** The dashboard; undefined without monitoring. */
  readonly dashboardName: pulumi.Output<string> | undefined;
  /** The SNS topic every alarm notifies; undefined without monitoring. */
  readonly alarmTopicArn: pulumi.Output<string> | undefined;
  /** The associations, one per directory switched on, in the order of `streamedDirectories`. */
  readonly associations: readonly StreamingEndpointAssociation[];

  constructor(name: string, args: WorkspacesStreamingArgs, opts: pulumi.ComponentResourceOptions = {}) {
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
    const first = args.streamedDirectories[0];
    const workspaces = new WorkspacesNetwork(
      `${prefix}workspaces`,
      {
        ...args.workspacesVpc,
        directory: args.directory ?? { mode: "existing", directoryId: first.directoryId! },
      },
      child,
    );

    const endpointNetwork = args.streamingEndpoint.vpc === "source" ? source : workspaces;
    const streaming = new StreamingEndpoint(
      `${prefix}streaming`,
      {
        vpcId: endpointNetwork.vpcId,
        subnetIds: endpointNetwork.privateSubnetIds,
        allowedCidrs: args.streamingEndpoint.allowedCidrs,
        region: args.region,
        serviceName: args.serviceName ?? streamingServiceName(args.region),
      },
      child,
    );

    // Launched once the directory is registered (directoryId is the registration's output).
    const userWorkspaces = new UserWorkspaces(
      `${prefix}lab`,
      { directoryId: workspaces.directoryId, workspaces: args.workspaces },
      child,
    );

    // Clients outside the endpoint's VPC: DNS forwarding target and routing back to them.
    const clientAccess = new ClientAccess(
      `${prefix}clients`,
      {
        vpcId: endpointNetwork.vpcId,
        subnetIds: endpointNetwork.privateSubnetIds,
        routeTableIds: [endpointNetwork.privateRouteTableId],
        localCidrs: [endpointNetwork.cidr],
        clientCidrs: args.streamingEndpoint.allowedCidrs,
        dnsResolver: args.clientNetwork.dnsResolver,
        transitGatewayId: args.clientNetwork.transitGatewayId,
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
    const routedCidrs = [...args.streamingEndpoint.allowedCidrs, ...args.signInLog.egressCidrs];

    // One association per directory switched on, all on the one endpoint. The first waits for the
    // WorkSpaces the stack launches in it, so that its PCoIP count and warning include them.
    const directories = args.streamedDirectories.map((d, i) => ({
      ...d,
      directoryId: d.directoryId ?? workspaces.directoryId,
      knownId: d.directoryId,
      dependsOn: i === 0 ? [userWorkspaces] : [],
    }));
    const streams = streamDirectories({
      parent: this,
      namePrefix: prefix,
      movedFromRoot: naming === "unprefixed",
      directories,
      firstName: args.directory ? "kept" : "by-id",
      vpcEndpointId: streaming.endpointId,
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
            endpointId: streaming.endpointId,
            endpointVpcId: endpointNetwork.vpcId,
            serviceName: streaming.serviceName,
            // The lab's directory ID is AWS's to give: its alarm is named "lab".
            directories: directories.map((d) => ({ key: d.knownId ?? "lab", directoryId: d.directoryId })),
            natInstanceId: nat.instanceId,
            signInLogGroupName: signInLog?.logGroupName,
            routedCidrs,
            connectionFailureRatio: args.monitoring.connectionFailureRatio,
            alarmEmail: args.monitoring.alarmEmail,
          },
          child,
        )
      : undefined;

    const client = args.client.enabled
      ? new WindowsClient(
          `${prefix}client`,
          {
            vpcId: source.vpcId,
            subnetId: source.privateSubnetIds[0],
            streamingCidrs: [endpointNetwork.cidr],
            instanceType: args.client.instanceType,
            keyName: args.client.keyName,
            internetPath: [nat],
          },
          child,
        )
      : undefined;

    this.region = args.region;
    this.sourceVpcId = source.vpcId;
    this.workspacesVpcId = workspaces.vpcId;
    this.streamingEndpointId = streaming.endpointId;
    this.streamingEndpointServiceName = streaming.serviceName;
    this.streamingEndpointDnsNames = streaming.dnsNames;
    this.streamingEndpointSecurityGroupId = streaming.securityGroupId;
    this.privateLinkHostname = streaming.privateLinkHostname;
    this.streamingEndpointIps = streaming.endpointIps;
    this.dnsForwardDomains = streaming.dnsForwardDomains;
    this.dnsResolverIps = clientAccess.dnsResolverIps;
    this.streamingRouteTableIds = pulumi.all([endpointNetwork.privateRouteTableId]);
    this.transitGatewayAttachmentId = clientAccess.transitGatewayAttachmentId;
    this.directoryId = streams[0].directoryId;
    this.directoryIds = directoryIdsOutput(streams);
    this.registrationCode = workspaces.registrationCode;
    this.workspaceIds = userWorkspaces.workspaceIds;
    this.allowPcoipOverInternet = association?.allowPcoipOverInternet ?? first.allowPcoipOverInternet;
    this.internetAccess = args.internetAccess;
    this.natInstanceId = nat.instanceId;
    this.clientInstanceId = client?.instanceId;
    this.instanceConnectEndpointId = client?.instanceConnectEndpointId;
    this.clientKeyName = client?.keyName;
    this.clientPrivateKeyPem = client?.privateKeyPem;
    this.streamingAssociation = association && associationFacts(association);
    this.streamingAssociations = streamingAssociationsOutput(streams);
    this.signInLogGroupName = signInLog?.logGroupName;
    this.streamingClientCidrs = args.streamingEndpoint.allowedCidrs;
    this.signInEgressCidrs = args.signInLog.egressCidrs;
    this.dashboardName = monitoring?.dashboardName;
    this.alarmTopicArn = monitoring?.alarmTopicArn;
    this.associations = streams.flatMap((s) => (s.association ? [s.association] : []));
    this.registerOutputs(outputsOf(this));
  }
}
