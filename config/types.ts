/** The validated configuration of one stack: what the stages return and the components read. */
import type * as pulumi from "@pulumi/pulumi";
import type { EndpointVpc, InternetAccess, LabDirectorySize, LabDirectoryType } from "../ground/defaults";

export type { EndpointVpc };

export interface VpcConfig {
  readonly cidr: string;
  readonly availabilityZoneIds: readonly string[];
}

export interface LabDirectoryConfig {
  readonly mode: "lab";
  readonly type: LabDirectoryType;
  readonly name: string;
  readonly shortName?: string;
  /** Simple AD only; undefined for a Microsoft AD. */
  readonly size: LabDirectorySize | undefined;
  readonly createWorkspacesDefaultRole: boolean;
  readonly adminPassword: pulumi.Output<string>;
}

export interface ExistingDirectoryConfig {
  readonly mode: "existing";
  readonly directoryId: string;
}

/** A directory the stack streams through its endpoint, or is ready to. */
export interface StreamedDirectoryConfig {
  /** Undefined for the lab's directory, whose ID AWS gives it when it is made. */
  readonly directoryId?: string;
  /** Whether the directory streams through the endpoint now (its association exists). */
  readonly associate: boolean;
  /** Whether its PCoIP WorkSpaces may still stream over the internet. */
  readonly allowPcoipOverInternet: boolean;
  /**
   * Whether its association may take it over from an endpoint this stack did not set (and give
   * it back on delete); otherwise that is refused before any write.
   */
  readonly takeOver: boolean;
}

/** A WorkSpace to launch for a user of the directory. */
export interface WorkspaceConfig {
  /** The user's logon name in the directory; the user must exist there already. */
  readonly userName: string;
  /** Defaults to the DCV Windows bundle owned by Amazon (looked up by name in the region). */
  readonly bundleId?: string;
}

/** How clients outside the endpoint's VPC reach it. */
export interface ClientNetworkConfig {
  /** Whether to run a Route 53 Resolver inbound endpoint that on-premises DNS forwards to. */
  readonly dnsResolver: boolean;
  /**
   * A transit gateway the client ranges are routed to. A lab attaches the endpoint's VPC to it and
   * routes from its own route table; an existing network is attached already, and the routes go
   * into `routeTableIds`.
   */
  readonly transitGatewayId?: string;
  /**
   * `network: existing`: route tables of the endpoint's VPC that get one route per client range to
   * the transit gateway (and the `streamingRouteTableIds` output). Empty in a lab, which routes in
   * the route table it makes.
   */
  readonly routeTableIds: readonly string[];
  /** The account's quota of inbound rules per security group (AWS default 60). */
  readonly rulesPerSecurityGroup: number;
  /** The account's quota of routes per route table (AWS default 50). */
  readonly routesPerRouteTable: number;
}

export interface ClientConfig {
  readonly enabled: boolean;
  readonly instanceType: string;
  readonly keyName?: string;
}

/** `network: lab`: the endpoint in one of the two VPCs the stack makes. */
export interface LabEndpointConfig {
  readonly vpc: EndpointVpc;
  /** `allowedCidrs` normalised: merged, aggregated, sorted (what the rules are made from). */
  readonly allowedCidrs: readonly string[];
}

/** `network: existing`: an endpoint the stack makes in your VPC and subnets, with its security group. */
export interface SubnetsEndpointConfig {
  readonly vpcId: string;
  /** One per availability zone, at least two. */
  readonly subnetIds: readonly string[];
  /** The client ranges, normalised as in a lab. */
  readonly allowedCidrs: readonly string[];
}

/** `network: existing`: an endpoint you have; the stack makes no endpoint and no security group. */
export interface ExistingEndpointConfig {
  readonly vpcEndpointId: string;
  /** Whether your own DNS answers the streaming name, so the endpoint may have private DNS off. */
  readonly ownDns: boolean;
  /** Always empty: the endpoint's own security group says whom it admits. */
  readonly allowedCidrs: readonly string[];
}

/** Where the streaming endpoint is, and which client ranges it admits. */
export type StreamingEndpointConfig = LabEndpointConfig | SubnetsEndpointConfig | ExistingEndpointConfig;

/** Which resources a setup builds: the walkthrough's lab, or streaming on a network you have. */
export type NetworkMode = "lab" | "existing";

/** The sign-in log the cut-over report and the preview read. */
export interface SignInLogConfig {
  readonly enabled: boolean;
  readonly retentionDays: number;
  /** Normalised: the public egress of the routed networks. */
  readonly egressCidrs: readonly string[];
}

/** The dashboard and alarms. */
export interface MonitoringConfig {
  readonly enabled: boolean;
  readonly alarmEmail?: string;
  readonly connectionFailureRatio: number;
}

/** What every setup has, whichever its network. */
interface CommonSetup {
  /** The region of everything, the directories included (the endpoint must be in their region). */
  readonly region: string;
  /**
   * The AWS profile this project's own AWS reads sign with (the association, the preview read of
   * existing directories): the stack's `aws:profile`, as pulumi-aws uses it. Defaults to the AWS
   * SDK's default credential chain.
   */
  readonly awsProfile?: string;
  /** Every directory the stack streams, in order: the `directory` one first, then `directories`. */
  readonly streamedDirectories: readonly StreamedDirectoryConfig[];
  /** How clients outside the endpoint's VPC reach it: DNS forwarding, a transit gateway, quotas. */
  readonly clientNetwork: ClientNetworkConfig;
  /** The stack's PCoIP setting, which each directory's defaults to. */
  readonly allowPcoipOverInternet: boolean;
  /** The log of every sign-in, which says who a cut-over would cut off. */
  readonly signInLog: SignInLogConfig;
  /** The dashboard and alarms. */
  readonly monitoring: MonitoringConfig;
}

/**
 * The walkthrough's lab: both VPCs, the NAT instance, the Windows client, a lab directory (or one of
 * yours), WorkSpaces.
 */
export interface LabSetup extends CommonSetup {
  readonly network: "lab";
  /** The lab's way out: the NAT runs and lets out TCP/UDP 443 (`https-only`), or is stopped (`none`). */
  readonly internetAccess: InternetAccess;
  /** The network users connect from ("VPC1"): its block and AZ IDs. */
  readonly sourceVpc: VpcConfig;
  /** The WorkSpaces' network ("VPC2"): its block and AZ IDs; a lab directory lives there. */
  readonly workspacesVpc: VpcConfig;
  /** The walkthrough's Windows test client in the source VPC. */
  readonly client: ClientConfig;
  /** The `directory` key: the lab's directory to make, or one existing directory; none with `directories` alone. */
  readonly directory?: LabDirectoryConfig | ExistingDirectoryConfig;
  /** Which of the two VPCs the endpoint lives in, and which client ranges it admits. */
  readonly streamingEndpoint: LabEndpointConfig;
  /** WorkSpaces to launch in the stack's first directory. */
  readonly workspaces: readonly WorkspaceConfig[];
}

/**
 * Streaming on a network you have: an endpoint in your VPC and subnets (or the endpoint you have),
 * your directories. No VPC, NAT, client, lab directory or WorkSpaces.
 */
export interface ExistingSetup extends CommonSetup {
  readonly network: "existing";
  /** The `directory` key, when it names the one existing directory; none with `directories`. */
  readonly directory?: ExistingDirectoryConfig;
  /** Your VPC and subnets, or your endpoint. */
  readonly streamingEndpoint: SubnetsEndpointConfig | ExistingEndpointConfig;
}

/**
 * What one setup builds, every default resolved: the configuration of a stack (what
 * `parseStackConfig` returns) and the arguments of the `WorkspacesStreaming` component alike. The
 * configuration owns the defaults; a program that builds these values itself passes each one.
 */
export type StreamingSetup = LabSetup | ExistingSetup;

/** The validated configuration of one stack, every default resolved. */
export type StackConfig = StreamingSetup & {
  /** Things worth a look that are not errors; the program logs each as a warning. */
  readonly warnings: readonly string[];
};
