/**
 * WorkspacesStreaming: the whole setup as one component, the way `new awsx.ec2.Vpc(...)` is one
 * network. Its arguments (workspacesStreamingArgs.ts) say what to build and what already exists;
 * its public properties are the stack outputs of outputs.ts, with the same names and meanings.
 *
 * One call does it all, in this order: the arguments' plain values are checked before anything is
 * registered (every problem at once); then, through the component's own aws provider, the
 * provider's account and region and everything the arguments name are looked up and checked
 * (preflight.ts) before any child is made; values that are Outputs are checked when they resolve,
 * before what uses them is made. Then the children.
 */
import * as pulumi from "@pulumi/pulumi";
import { containsCidr } from "cidr-tools";
import { CUTOVER_DAYS } from "../cutover/report";
import { type OutputHolder, outputsOf } from "../outputs";
import { type EndpointFacts, privateLinkHostname } from "../policy/facts";
import type { StreamingEndpointAssociation } from "../providers/streamingEndpointAssociation";
import { ArgumentsError, keepMessage } from "./argumentChecks";
import { type ResolvedExisting, type ResolvedLab, type Setup, readArguments } from "./arguments";
import { ClientAccess } from "./clientAccess";
import type { FoundNetwork } from "./existingNetwork";
import { Monitoring, monitoringName } from "./monitoring";
import { NatInstance } from "./natInstance";
import { type SetupInAws, checkSetupInAws, foundFor } from "./preflight";
import { SignInLog, signInLogGroupName } from "./signInLog";
import { SourceNetwork } from "./sourceNetwork";
import { StreamingEndpoint, endpointAddresses, forwardDomains } from "./streamingEndpoint";
import {
  associationFacts,
  directoryIdsOutput,
  streamDirectories,
  streamingAssociationsOutput,
} from "./streamedDirectories";
import { namesOf, ownerTags } from "./tags";
import { UserWorkspaces } from "./userWorkspaces";
import { WindowsClient } from "./windowsClient";
import { WorkspacesNetwork } from "./workspacesNetwork";
import type { WorkspacesStreamingArgs } from "./workspacesStreamingArgs";

/** The component's type token. */
export const WORKSPACES_STREAMING_TYPE = "workspaces-privatelink:index:WorkspacesStreaming";

/** The network the endpoint is in, as the rest of the setup builds on it, made or found. */
interface EndpointNetwork {
  readonly vpcId: pulumi.Input<string>;
  readonly subnetIds: pulumi.Input<readonly pulumi.Input<string>[]>;
  /** The client ranges that get a route to the transit gateway (those outside the VPC's blocks). */
  readonly routedCidrs: pulumi.Input<readonly string[]>;
  /** Where routes to the clients go, with the keys their routes are named by. */
  readonly routeTables: readonly { readonly key: string; readonly routeTableId: pulumi.Input<string> }[];
  /** Whether the VPC still needs attaching to the transit gateway (one the setup made does). */
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
  /** For an endpoint the setup does not make: what the pack decides on at preview. */
  readonly facts?: pulumi.Input<EndpointFacts>;
  /** Whether your own DNS answers the streaming name (an endpoint you have with private DNS off). */
  readonly ownDns?: boolean;
}

/** What the lab builds besides the endpoint, for the outputs and the parts that follow it. */
interface Lab {
  readonly source: SourceNetwork;
  readonly nat: NatInstance;
  readonly workspaces: WorkspacesNetwork;
  readonly userWorkspaces: UserWorkspaces;
}

/** Every output of the contract, as the build made it (undefined where one does not apply). */
type Built = { readonly [K in keyof OutputHolder]: unknown } & {
  readonly associations: readonly StreamingEndpointAssociation[];
};

/** How children are made: parented to the component, with their old URN at the stack's root where named so. */
interface Context {
  /**
   * A child's name (`<component>-<part>`, or `<part>` unprefixed, no word said twice in a row) and
   * options: where a word is no longer doubled, the doubled name 0.1.0 gave it is an alias.
   */
  readonly named: (part: string) => { name: string; opts: pulumi.ComponentResourceOptions };
  /** `<component>-` prefixed, or empty: what the associations' names start with. */
  readonly prefix: string;
  readonly child: pulumi.ComponentResourceOptions;
  readonly setup: Setup;
  readonly inAws: SetupInAws;
  /** The component's name, for the tags that say who made the endpoint. */
  readonly name: string;
}

/** The paths of the network's values that are not known yet (Outputs, Promises). */
function waitingValues(setup: ResolvedExisting): string[] {
  const e = setup.streamingEndpoint as unknown as Record<string, unknown>;
  const pending = (v: unknown) =>
    pulumi.Output.isInstance(v) || v instanceof Promise || (Array.isArray(v) && v.some(pending));
  return [
    ...["vpcId", "subnetIds", "vpcEndpointId"]
      .filter((k) => pending(e[k]))
      .map((k) => `streamingEndpoint.${k}`),
    ...(pending(setup.clientNetwork.transitGatewayId) ? ["clientNetwork.transitGatewayId"] : []),
  ];
}

/**
 * Amazon WorkSpaces Personal streaming over AWS PrivateLink. `network: "lab"` builds the
 * walkthrough: the source network and its NAT, the WorkSpaces network and its directory, the
 * Windows client. `network: "existing"` builds none of that, and puts the endpoint in your subnets
 * (or uses yours). Either way: the interface endpoint for `...highlander` with its security group,
 * what clients beyond the VPC need, one StreamingEndpointAssociation per directory switched on, the
 * sign-in log, the dashboard and alarms. Properties that do not apply to a setup (no resolver, no
 * client, the lab's in an existing network...) resolve to undefined.
 *
 * Every AWS read and write goes through the component's aws provider (`opts.provider` or
 * `opts.providers`), the associations included: they compare the account their credentials reach
 * (`credentials`) with that provider's before any write.
 */
export class WorkspacesStreaming extends pulumi.ComponentResource implements OutputHolder {
  /** The region: the aws provider's. */
  readonly region: pulumi.Output<string>;
  /** The lab's source VPC. */
  readonly sourceVpcId: pulumi.Output<string | undefined>;
  /** The lab's WorkSpaces VPC. */
  readonly workspacesVpcId: pulumi.Output<string | undefined>;
  /** The interface endpoint (`vpce-...`). */
  readonly streamingEndpointId: pulumi.Output<string>;
  /** `com.amazonaws.<region>.highlander`. */
  readonly streamingEndpointServiceName: pulumi.Output<string>;
  /** The endpoint's DNS names. */
  readonly streamingEndpointDnsNames: pulumi.Output<string[]>;
  /** The endpoint's security group (an endpoint you have: its first). */
  readonly streamingEndpointSecurityGroupId: pulumi.Output<string>;
  /** `privatelink.prod.<region>.highlander.aws.a2z.com`: the name clients are sent to. */
  readonly privateLinkHostname: pulumi.Output<string>;
  /** The private IPv4 addresses of the endpoint's network interfaces, sorted. */
  readonly streamingEndpointIps: pulumi.Output<string[]>;
  /** The names DNS outside the VPC must forward to `dnsResolverIps`. */
  readonly dnsForwardDomains: pulumi.Output<string[]>;
  /** The inbound resolver's addresses; undefined without `clientNetwork.dnsResolver`. */
  readonly dnsResolverIps: pulumi.Output<string[] | undefined>;
  /** The endpoint VPC's route tables, where routes to the clients go (existing: the ones given). */
  readonly streamingRouteTableIds: pulumi.Output<string[]>;
  /** The transit gateway attachment; undefined without `clientNetwork.transitGatewayId` (or on your network). */
  readonly transitGatewayAttachmentId: pulumi.Output<string | undefined>;
  /** The first directory (the lab's, the one existing directory, or the first listed). */
  readonly directoryId: pulumi.Output<string>;
  /** Every directory streamed or ready to stream, in order. */
  readonly directoryIds: pulumi.Output<string[]>;
  /** The first directory's registration code (a lab). */
  readonly registrationCode: pulumi.Output<string | undefined>;
  /** User name -> WorkSpace ID (a lab). */
  readonly workspaceIds: pulumi.Output<Record<string, string> | undefined>;
  /** Whether the first directory's PCoIP WorkSpaces may still stream over the internet. */
  readonly allowPcoipOverInternet: pulumi.Output<boolean>;
  /** The NAT's mode (a lab). */
  readonly internetAccess: pulumi.Output<string | undefined>;
  /** The NAT instance (a lab). */
  readonly natInstanceId: pulumi.Output<string | undefined>;
  /** The Windows client; undefined without one. */
  readonly clientInstanceId: pulumi.Output<string | undefined>;
  /** The client's EC2 Instance Connect Endpoint; undefined without a client. */
  readonly instanceConnectEndpointId: pulumi.Output<string | undefined>;
  /** The client's key pair; undefined without a client. */
  readonly clientKeyName: pulumi.Output<string | undefined>;
  /** The private key of the key pair made for the client (a secret); undefined when none was made. */
  readonly clientPrivateKeyPem: pulumi.Output<string | undefined>;
  /** What the first directory's association observed; undefined while it is switched off. */
  readonly streamingAssociation: pulumi.Output<Record<string, unknown> | undefined>;
  /** Directory ID -> whether it streams through the endpoint, its PCoIP setting and observations. */
  readonly streamingAssociations: pulumi.Output<Record<string, Record<string, unknown>>>;
  /** The sign-in log's group; undefined without a sign-in log. */
  readonly signInLogGroupName: pulumi.Output<string | undefined>;
  /** The client ranges the endpoint admits, normalised; undefined for an endpoint you have. */
  readonly streamingClientCidrs: pulumi.Output<string[] | undefined>;
  /** The routed networks' public egress, normalised. */
  readonly signInEgressCidrs: pulumi.Output<string[]>;
  /** The dashboard; undefined without monitoring. */
  readonly dashboardName: pulumi.Output<string | undefined>;
  /** The SNS topic every alarm notifies; undefined without monitoring. */
  readonly alarmTopicArn: pulumi.Output<string | undefined>;
  /** The associations, one per directory switched on, in order (e.g. to depend on). */
  readonly associations: pulumi.Output<StreamingEndpointAssociation[]>;

  constructor(name: string, args: WorkspacesStreamingArgs, opts: pulumi.ComponentResourceOptions = {}) {
    const subject = `WorkspacesStreaming "${name}"`;
    // What the program knows now is checked now: nothing is registered with a bad argument.
    const early = readArguments(args, args?.region);
    if (early.problems.length > 0) {
      throw new ArgumentsError(subject, early.problems);
    }
    super(WORKSPACES_STREAMING_TYPE, name, {}, opts);
    const built = this.build(name, args, subject).catch((error: unknown) => {
      throw keepMessage(error);
    });
    const out = <T>(pick: (b: Built) => unknown) => pulumi.output(built.then(pick)) as pulumi.Output<T>;
    this.region = out((b) => b.region);
    this.sourceVpcId = out((b) => b.sourceVpcId);
    this.workspacesVpcId = out((b) => b.workspacesVpcId);
    this.streamingEndpointId = out((b) => b.streamingEndpointId);
    this.streamingEndpointServiceName = out((b) => b.streamingEndpointServiceName);
    this.streamingEndpointDnsNames = out((b) => b.streamingEndpointDnsNames);
    this.streamingEndpointSecurityGroupId = out((b) => b.streamingEndpointSecurityGroupId);
    this.privateLinkHostname = out((b) => b.privateLinkHostname);
    this.streamingEndpointIps = out((b) => b.streamingEndpointIps);
    this.dnsForwardDomains = out((b) => b.dnsForwardDomains);
    this.dnsResolverIps = out((b) => b.dnsResolverIps);
    this.streamingRouteTableIds = out((b) => b.streamingRouteTableIds);
    this.transitGatewayAttachmentId = out((b) => b.transitGatewayAttachmentId);
    this.directoryId = out((b) => b.directoryId);
    this.directoryIds = out((b) => b.directoryIds);
    this.registrationCode = out((b) => b.registrationCode);
    this.workspaceIds = out((b) => b.workspaceIds);
    this.allowPcoipOverInternet = out((b) => b.allowPcoipOverInternet);
    this.internetAccess = out((b) => b.internetAccess);
    this.natInstanceId = out((b) => b.natInstanceId);
    this.clientInstanceId = out((b) => b.clientInstanceId);
    this.instanceConnectEndpointId = out((b) => b.instanceConnectEndpointId);
    this.clientKeyName = out((b) => b.clientKeyName);
    this.clientPrivateKeyPem = out((b) => b.clientPrivateKeyPem);
    this.streamingAssociation = out((b) => b.streamingAssociation);
    this.streamingAssociations = out((b) => b.streamingAssociations);
    this.signInLogGroupName = out((b) => b.signInLogGroupName);
    this.streamingClientCidrs = out((b) => b.streamingClientCidrs);
    this.signInEgressCidrs = out((b) => b.signInEgressCidrs);
    this.dashboardName = out((b) => b.dashboardName);
    this.alarmTopicArn = out((b) => b.alarmTopicArn);
    this.associations = pulumi.output(built.then((b) => [...b.associations]));
    this.registerOutputs(outputsOf(this));
  }

  /** The preflight (its own, or the one given as `inAws`), then every child. */
  private async build(name: string, args: WorkspacesStreamingArgs, subject: string): Promise<Built> {
    const inAws = args.inAws ?? (await checkSetupInAws(args, { parent: this }, subject));
    const read = readArguments(args, inAws.region);
    if (!read.setup) {
      throw new ArgumentsError(subject, read.problems);
    }
    const setup = read.setup;
    if (args.inAws === undefined) {
      inAws.warnings.forEach((warning) => void pulumi.log.warn(warning, this));
    } else if (args.inAws.foundFor !== foundFor(setup)) {
      throw new ArgumentsError(subject, [
        {
          path: "inAws",
          message:
            "was found for other arguments (another region, network or route tables): pass what checkSetupInAws(args) returns for these arguments, or leave inAws out for the component to look everything up",
        },
      ]);
    }
    const naming = setup.naming;
    const prefix = naming === "prefixed" ? `${name}-` : "";
    // A child the stack program once made at the stack's root keeps that URN as an alias; its own
    // children follow it (the engine derives their old URNs from their parent's).
    const child: pulumi.ComponentResourceOptions =
      naming === "unprefixed"
        ? { parent: this, aliases: [{ parent: pulumi.rootStackResource }] }
        : { parent: this };
    const context: Context = {
      named: (part) => {
        const [name, ...former] = namesOf(prefix + part);
        const aliases = [...(child.aliases ?? []), ...former.map((old) => ({ name: old }))];
        return { name, opts: former.length === 0 ? child : { ...child, aliases } };
      },
      prefix,
      child,
      setup,
      inAws,
      name,
    };
    if (setup.network === "lab") {
      const { lab, network, endpoint } = this.buildLab(context, setup);
      return this.buildAround(context, network, endpoint, lab);
    }
    await this.sayWhatWaits(setup, inAws);
    const { network, endpoint } = this.useExisting(context, setup);
    return this.buildAround(context, network, endpoint, undefined);
  }

  /** During a preview, which checks wait for values not known yet (they run before what uses them). */
  private async sayWhatWaits(setup: ResolvedExisting, inAws: SetupInAws): Promise<void> {
    const network = inAws.network;
    if (!pulumi.runtime.isDryRun() || !pulumi.Output.isInstance(network)) {
      return;
    }
    // Whether the preview knows the value: the SDK keeps it on every Output, though untyped.
    const known = await (network as unknown as { isKnown?: Promise<boolean> }).isKnown;
    if (known === false) {
      void pulumi.log.info(
        `the checks of ${waitingValues(setup).join(", ")} (owner, zones, DNS, route tables) wait for their values, which this preview does not know yet: they run during the update, before the endpoint or a route is made, and fail it there if something is wrong.`,
        this,
      );
    }
  }

  /** The walkthrough's lab: both VPCs, the NAT, the directory, the WorkSpaces, and the endpoint. */
  private buildLab(
    { named, inAws, name }: Context,
    setup: ResolvedLab,
  ): { lab: Lab; network: EndpointNetwork; endpoint: Endpoint } {
    const tags = setup.tags;
    const source = new SourceNetwork(
      named("source").name,
      { ...setup.sourceVpc, tags },
      named("source").opts,
    );
    const nat = new NatInstance(
      named("nat").name,
      {
        vpcId: source.vpcId,
        subnetId: source.publicSubnetId,
        allowedSourceCidrs: source.privateSubnetCidrs,
        routeTableIds: [source.privateRouteTableId],
        internetAccess: setup.internetAccess,
        tags,
      },
      named("nat").opts,
    );
    // The first directory: the lab's, one existing directory, or the first listed.
    const first = setup.streamedDirectories[0];
    const workspaces = new WorkspacesNetwork(
      named("workspaces").name,
      {
        ...setup.workspacesVpc,
        directory: setup.directory ?? { mode: "existing", directoryId: first.directoryId! },
        tags,
      },
      named("workspaces").opts,
    );
    const home = setup.streamingEndpoint.vpc === "source" ? source : workspaces;
    const endpoint = this.makeEndpoint(named("streaming"), setup, inAws, name, {
      vpcId: home.vpcId,
      subnetIds: home.privateSubnetIds,
    });
    // Launched once the directory is registered (directoryId is the registration's output).
    const userWorkspaces = new UserWorkspaces(
      named("lab").name,
      { directoryId: workspaces.directoryId, workspaces: setup.workspaces, tags },
      named("lab").opts,
    );
    const ranges = setup.streamingEndpoint.allowedCidrs;
    return {
      lab: { source, nat, workspaces, userWorkspaces },
      network: {
        vpcId: home.vpcId,
        subnetIds: home.privateSubnetIds,
        routedCidrs: ranges.filter((cidr) => !containsCidr([home.cidr], cidr)), // inside the VPC: local
        routeTables: [{ key: "0", routeTableId: home.privateRouteTableId }],
        attachTransitGateway: true,
      },
      endpoint,
    };
  }

  /** The endpoint the setup makes, in a lab's VPC or in yours, admitting the setup's client ranges. */
  private makeEndpoint(
    { name, opts }: { name: string; opts: pulumi.ComponentResourceOptions },
    setup: Setup,
    inAws: SetupInAws,
    component: string,
    where: { vpcId: pulumi.Input<string>; subnetIds: pulumi.Input<readonly pulumi.Input<string>[]> },
  ): StreamingEndpoint {
    const allowedCidrs =
      "allowedCidrs" in setup.streamingEndpoint ? setup.streamingEndpoint.allowedCidrs : [];
    return new StreamingEndpoint(
      name,
      {
        ...where,
        allowedCidrs,
        region: setup.region,
        serviceName: inAws.serviceName,
        tags: setup.tags,
        endpointTags: ownerTags(pulumi.getProject(), pulumi.getStack(), component),
      },
      opts,
    );
  }

  /** A network you have: the endpoint made in your subnets, or the one you have. */
  private useExisting(
    { named, inAws, name }: Context,
    setup: ResolvedExisting,
  ): { network: EndpointNetwork; endpoint: Endpoint } {
    // Found now, or (some IDs were Outputs) found and checked when they resolve: what is made from
    // it waits for that check.
    const found = pulumi.output(inAws.network as pulumi.Input<FoundNetwork>);
    const network: EndpointNetwork = {
      vpcId: found.vpcId,
      subnetIds: found.subnetIds,
      routedCidrs: isOutput(inAws.network) ? found.routedCidrs : (inAws.network as FoundNetwork).routedCidrs,
      routeTables: setup.clientNetwork.routeTableIds.map((id) => ({
        key: id,
        routeTableId: isOutput(inAws.network) ? found.apply(() => id) : id,
      })),
      attachTransitGateway: false, // a VPC attaches to a transit gateway once: yours is attached
    };
    const e = setup.streamingEndpoint;
    if (!("vpcEndpointId" in e)) {
      const endpoint = this.makeEndpoint(named("streaming"), setup, inAws, name, {
        vpcId: found.vpcId,
        subnetIds: found.subnetIds,
      });
      return { network, endpoint };
    }
    const mine = found.apply((f) => f.endpoint!);
    const dnsNames = mine.apply((m) => [...m.dnsNames]);
    return {
      network,
      endpoint: {
        endpointId: mine.id,
        serviceName: mine.serviceName,
        dnsNames,
        securityGroupId: mine.apply((m) => m.securityGroupIds[0]),
        endpointIps: endpointAddresses(mine.networkInterfaceIds, this),
        dnsForwardDomains: forwardDomains(setup.region, dnsNames),
        facts: mine.facts,
        ownDns: e.ownDns,
      },
    };
  }

  /** What every setup has around its endpoint: client access, the sign-in log, the associations, monitoring, the client. */
  private buildAround(
    context: Context,
    network: EndpointNetwork,
    endpoint: Endpoint,
    lab: Lab | undefined,
  ): Built {
    const { prefix, named, setup, inAws } = context;
    const tgw = setup.clientNetwork.transitGatewayId;
    const clientCidrs = "allowedCidrs" in setup.streamingEndpoint ? setup.streamingEndpoint.allowedCidrs : [];
    // Clients outside the endpoint's VPC: DNS forwarding target and routing back to them.
    const clientAccess = new ClientAccess(
      named("clients").name,
      {
        vpcId: network.vpcId,
        subnetIds: network.subnetIds,
        routeTables: network.routeTables,
        routedCidrs: network.routedCidrs,
        clientCidrs,
        dnsResolver: setup.clientNetwork.dnsResolver,
        transitGateway: tgw === undefined ? undefined : { id: tgw, attach: network.attachTransitGateway },
        tags: setup.tags,
      },
      named("clients").opts,
    );
    const project = pulumi.getProject();
    const stack = setup.naming === "prefixed" ? `${pulumi.getStack()}-${context.name}` : pulumi.getStack();
    // Every WorkSpaces sign-in, with the client's address: who a cut-over would cut off.
    const logGroupName = signInLogGroupName(project, stack);
    const signInLog = setup.signInLog.enabled
      ? new SignInLog(
          named("sign-ins").name,
          { logGroupName, retentionDays: setup.signInLog.retentionDays, tags: setup.tags },
          named("sign-ins").opts,
        )
      : undefined;
    const routedCidrs = [...clientCidrs, ...setup.signInLog.egressCidrs];
    // One association per directory switched on, all on the one endpoint. The first waits for the
    // WorkSpaces the lab launches in it, so that its PCoIP count and warning include them.
    const labDirectoryId = lab?.workspaces.directoryId;
    const directories = setup.streamedDirectories.map((d, i) => ({
      ...d,
      directoryId: d.directoryId ?? labDirectoryId!,
      dependsOn: i === 0 && lab ? [lab.userWorkspaces] : [],
    }));
    const streams = streamDirectories({
      parent: this,
      namePrefix: prefix,
      movedFromRoot: setup.naming === "unprefixed",
      directories,
      firstName: setup.firstName,
      vpcEndpointId: endpoint.endpointId,
      ownDns: endpoint.ownDns,
      endpointFacts: endpoint.facts,
      region: setup.region,
      accountId: inAws.accountId,
      credentials: setup.credentials,
      signIns: setup.signInLog.enabled ? { logGroupName, routedCidrs, days: CUTOVER_DAYS } : undefined,
    });
    const monitoring = this.buildMonitoring(context, {
      name: monitoringName(project, stack),
      endpoint,
      endpointVpcId: network.vpcId,
      directories: directories.map((d) => ({ key: d.key ?? "lab", directoryId: d.directoryId })),
      natInstanceId: lab?.nat.instanceId,
      signInLogGroupName: signInLog?.logGroupName,
      routedCidrs,
    });
    const client = this.buildClient(context, lab);
    const association = streams[0].association;
    return {
      region: setup.region,
      sourceVpcId: lab?.source.vpcId,
      workspacesVpcId: lab?.workspaces.vpcId,
      streamingEndpointId: endpoint.endpointId,
      streamingEndpointServiceName: endpoint.serviceName,
      streamingEndpointDnsNames: endpoint.dnsNames,
      streamingEndpointSecurityGroupId: endpoint.securityGroupId,
      privateLinkHostname: privateLinkHostname(setup.region),
      streamingEndpointIps: endpoint.endpointIps,
      dnsForwardDomains: endpoint.dnsForwardDomains,
      dnsResolverIps: clientAccess.dnsResolverIps,
      streamingRouteTableIds: pulumi.all(network.routeTables.map((t) => t.routeTableId)),
      transitGatewayAttachmentId: clientAccess.transitGatewayAttachmentId,
      directoryId: streams[0].directoryId,
      directoryIds: directoryIdsOutput(streams),
      registrationCode: lab?.workspaces.registrationCode,
      workspaceIds: lab?.userWorkspaces.workspaceIds,
      allowPcoipOverInternet:
        association?.allowPcoipOverInternet ?? setup.streamedDirectories[0].allowPcoipOverInternet,
      internetAccess: setup.network === "lab" ? setup.internetAccess : undefined,
      natInstanceId: lab?.nat.instanceId,
      clientInstanceId: client?.instanceId,
      instanceConnectEndpointId: client?.instanceConnectEndpointId,
      clientKeyName: client?.keyName,
      clientPrivateKeyPem: client?.privateKeyPem,
      streamingAssociation: association && associationFacts(association),
      streamingAssociations: streamingAssociationsOutput(streams),
      signInLogGroupName: signInLog?.logGroupName,
      streamingClientCidrs: "vpcEndpointId" in setup.streamingEndpoint ? undefined : [...clientCidrs],
      signInEgressCidrs: [...setup.signInLog.egressCidrs],
      dashboardName: monitoring?.dashboardName,
      alarmTopicArn: monitoring?.alarmTopicArn,
      associations: streams.flatMap((s) => (s.association ? [s.association] : [])),
    };
  }

  /** The dashboard and alarms: the endpoint, each directory's sessions, the sign-in path. */
  private buildMonitoring(
    { named, setup }: Context,
    watched: {
      name: string;
      endpoint: Endpoint;
      endpointVpcId: pulumi.Input<string>;
      /** The lab's directory ID is AWS's to give: its alarm is named "lab". */
      directories: { key: string; directoryId: pulumi.Input<string> }[];
      natInstanceId?: pulumi.Input<string>;
      signInLogGroupName?: pulumi.Input<string>;
      routedCidrs: readonly string[];
    },
  ): Monitoring | undefined {
    if (!setup.monitoring.enabled) {
      return undefined;
    }
    const { endpoint, ...rest } = watched;
    return new Monitoring(
      named("monitoring").name,
      {
        ...rest,
        region: setup.region,
        endpointId: endpoint.endpointId,
        serviceName: endpoint.serviceName,
        connectionFailureRatio: setup.monitoring.connectionFailureRatio,
        alarmEmail: setup.monitoring.alarmEmail,
        tags: setup.tags,
      },
      named("monitoring").opts,
    );
  }

  /** The lab's Windows client, in the source VPC behind the NAT. */
  private buildClient({ named, setup }: Context, lab: Lab | undefined): WindowsClient | undefined {
    if (setup.network !== "lab" || !lab || !setup.client.enabled) {
      return undefined;
    }
    return new WindowsClient(
      named("client").name,
      {
        vpcId: lab.source.vpcId,
        subnetId: lab.source.privateSubnetIds[0],
        streamingCidrs: [setup.streamingEndpoint.vpc === "source" ? lab.source.cidr : lab.workspaces.cidr],
        instanceType: setup.client.instanceType,
        keyName: setup.client.keyName,
        internetPath: [lab.nat],
        tags: setup.tags,
      },
      named("client").opts,
    );
  }
}

/** Whether a value is an Output (a network found later, when its IDs resolve). */
function isOutput(value: unknown): value is pulumi.Output<unknown> {
  return pulumi.Output.isInstance(value);
}
