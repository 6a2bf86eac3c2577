/**
 * The arguments of the WorkspacesStreaming component: the library's API. Hand-written, each field
 * with what it is, its default and when it matters; the stack configuration (docs/reference.md) is
 * one way of filling them, with the same names. Values a program may not know yet (an ID of a
 * resource made in the same program, a StackReference's output) are `pulumi.Input`s; what decides
 * which resources exist, or how they are named, is a plain value.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { SetupInAws } from "./preflight";

/**
 * How a setup names what it makes. `"prefixed"`: every child's name starts with the component's
 * (`<name>-source`, `<name>-streaming`...), and so do the sign-in log, the dashboard and the alarms,
 * so several setups live in one program. `"unprefixed"`: the names this project's stack program
 * gave before the component existed (`source`, `streaming`...; `/aws/events/<project>/<stack>/sign-ins`,
 * `<project>-<stack>`), each child with its old URN at the stack's root as an alias, so a stack
 * deployed then replaces nothing. One setup per stack.
 */
export type Naming = "prefixed" | "unprefixed";

/** A directory that streams through the setup's endpoint, or is ready to. */
export interface StreamedDirectoryArgs {
  /** A WorkSpaces Personal directory, registered with WorkSpaces (`d-` and 8 to 63 hex digits). */
  readonly directoryId: pulumi.Input<string>;
  /**
   * Whether the directory streams through the endpoint now: `true` makes its association (new DCV
   * sessions go through the endpoint), `false` builds everything and switches nothing. Stated, never
   * assumed: the runbook switches with `false` first, reads the cut-over report, then sets `true`.
   */
  readonly associate: boolean;
  /**
   * Whether its PCoIP WorkSpaces may still stream over the internet once it is switched.
   * Defaults to the setup's `allowPcoipOverInternet`.
   */
  readonly allowPcoipOverInternet?: boolean;
  /**
   * Whether its association may take it over when it streams through an endpoint this setup did
   * not set (and give it back on delete). Defaults to `false`: that is refused before any write.
   */
  readonly takeOver?: boolean;
  /**
   * What the directory's association and alarm are named by. Defaults to `directoryId`; required
   * when `directoryId` is not a plain string (an Output cannot name a resource).
   */
  readonly key?: string;
}

/** The one existing directory, as the stack configuration's `directory` key gives it. */
export interface ExistingDirectoryArgs {
  readonly mode: "existing";
  /** A WorkSpaces Personal directory, registered with WorkSpaces. */
  readonly directoryId: pulumi.Input<string>;
  /** Whether it streams through the endpoint now: see {@link StreamedDirectoryArgs.associate}. */
  readonly associate: boolean;
  /** See {@link StreamedDirectoryArgs.takeOver}. Defaults to `false`. */
  readonly takeOver?: boolean;
}

/** A directory the lab makes and registers with WorkSpaces Personal (in its WorkSpaces VPC). */
export interface LabDirectoryArgs {
  readonly mode: "lab";
  /** Whether it streams through the endpoint now: see {@link StreamedDirectoryArgs.associate}. */
  readonly associate: boolean;
  /** The directory administrator's password (a secret): 8 to 64 characters, three of the four character kinds. Used when the directory is made: a later change is ignored, since pulumi-aws would replace the directory and every WorkSpace on it. */
  readonly adminPassword: pulumi.Input<string>;
  /**
   * `"SimpleAD"` (the walkthrough's) or `"MicrosoftAD"`, for accounts new to Simple AD (closed to them
   * since 30 July 2026). Never change it on a deployed lab: the directory and its WorkSpaces are
   * replaced. Defaults to `"SimpleAD"`.
   */
  readonly type?: "SimpleAD" | "MicrosoftAD";
  /** The directory's DNS name. Defaults to `corp.example.com`. */
  readonly name?: string;
  /** The NetBIOS name. Defaults to AWS's choice (the first label of `name`). */
  readonly shortName?: string;
  /** Simple AD's size; refused for a Microsoft AD, which its edition sizes. Defaults to `"Small"` for Simple AD. */
  readonly size?: "Small" | "Large";
  /**
   * Whether to create the IAM role `workspaces_DefaultRole`; `false` where the account has it
   * (it does once WorkSpaces has been used there). Defaults to `true`.
   */
  readonly createWorkspacesDefaultRole?: boolean;
}

/** An endpoint the setup makes in your VPC and subnets, with a security group for your client ranges. */
export interface SubnetsEndpointArgs {
  /** Your VPC: this account's, with DNS support and DNS hostnames on (private DNS needs both). */
  readonly vpcId: pulumi.Input<string>;
  /**
   * Subnets of that VPC, at least two, one per availability zone, in zones where the streaming
   * service is offered; this account's (shared VPCs are not supported by AWS).
   */
  readonly subnetIds: pulumi.Input<readonly pulumi.Input<string>[]>;
  /**
   * The IPv4 ranges your clients stream from (VPN, Direct Connect, peering): each admitted on the
   * four streaming ports, nothing else. Plain values: each range is a rule named after it. Never
   * the whole internet.
   */
  readonly allowedCidrs: readonly string[];
}

/** An endpoint you have: the setup makes no endpoint and no security group. */
export interface ExistingEndpointArgs {
  /** An Interface endpoint for `com.amazonaws.<region>.highlander` of this account. */
  readonly vpcEndpointId: pulumi.Input<string>;
  /**
   * Whether your own DNS (a private hosted zone) answers the streaming name, so the endpoint may
   * have private DNS off. Defaults to `false`.
   */
  readonly ownDns?: boolean;
}

/** `network: "lab"`: where the endpoint lives among the lab's VPCs. */
export interface LabEndpointArgs {
  /** `"source"` (the clients' VPC, as in the walkthrough) or `"workspaces"`. Defaults to `"source"`. */
  readonly vpc?: "source" | "workspaces";
  /**
   * The client ranges admitted on the four streaming ports. Defaults to the source VPC's block with
   * `vpc: "source"`; required with `vpc: "workspaces"`.
   */
  readonly allowedCidrs?: readonly string[];
}

/** How clients outside the endpoint's VPC reach it. */
export interface ClientNetworkArgs {
  /**
   * Whether to run a Route 53 Resolver inbound endpoint in the endpoint's subnets, for on-premises
   * DNS to forward the streaming names to. Defaults to `false`.
   */
  readonly dnsResolver?: boolean;
  /**
   * Route the client ranges to this transit gateway. A lab attaches its VPC first; your VPC is
   * attached already, and the routes go into `routeTableIds`. Defaults to none.
   */
  readonly transitGatewayId?: pulumi.Input<string>;
  /**
   * `network: "existing"`: route tables of the endpoint's VPC that get one route per client range
   * to the transit gateway. Plain IDs: each table's routes are named after it. Defaults to none.
   */
  readonly routeTableIds?: readonly string[];
  /** Your account's quota of inbound rules per security group; the client ranges must fit it (4 rules each). Defaults to 60. */
  readonly rulesPerSecurityGroup?: number;
  /** Your account's quota of routes per route table; routed client ranges must fit it. Defaults to 50. */
  readonly routesPerRouteTable?: number;
}

/** The sign-in log: every WorkSpaces sign-in with the client's public address (who a cut-over would cut off). */
export interface SignInLogArgs {
  /** Defaults to `true`. */
  readonly enabled?: boolean;
  /** Days to keep events; one CloudWatch Logs offers. Defaults to 90. */
  readonly retentionDays?: number;
  /** The public addresses your routed networks sign in from (their NAT or proxy): counted as routed. Defaults to none. */
  readonly egressCidrs?: readonly string[];
}

/** The dashboard and alarms. */
export interface MonitoringArgs {
  /** Defaults to `true`. */
  readonly enabled?: boolean;
  /** An address subscribed to the alarm topic (AWS asks it to confirm). Defaults to none. */
  readonly alarmEmail?: string;
  /** A directory's alarm fires above this share of failed connection attempts (above 0, below 1). Defaults to 0.2. */
  readonly connectionFailureRatio?: number;
}

/** A lab VPC: its block and the AZ IDs of its private subnets. */
export interface VpcArgs {
  /** `/16` to `/24`, split into 16 subnets. Defaults to `10.0.0.0/16` (source) and `10.1.0.0/16` (WorkSpaces). */
  readonly cidr?: string;
  /** At least two AZ IDs (`apne1-az1`) where WorkSpaces Personal runs. Defaults to the region's first two. */
  readonly availabilityZoneIds?: readonly string[];
}

/** The lab's Windows test client. */
export interface ClientArgs {
  /** Defaults to `true`. */
  readonly enabled?: boolean;
  /** x86_64 with at least 4 GiB, offered in the client's zone. Defaults to `t3.medium`. */
  readonly instanceType?: string;
  /** An EC2 key pair for the Administrator password. Defaults to one made for the client. */
  readonly keyName?: string;
}

/** A WorkSpace the lab launches for a user who exists in its directory. */
export interface WorkspaceArgs {
  /** The user's logon name (at most 20 characters in the lab's directory). */
  readonly userName: string;
  /** Defaults to Amazon's DCV Windows bundle, looked up by name in the region. */
  readonly bundleId?: string;
}

/**
 * How the directory associations sign their AWS calls. They are a dynamic provider, which no
 * `aws.Provider` reaches: without this, the AWS SDK's default credential chain (with the stack's
 * `aws:profile`). Whatever they use must reach the account and region of the component's aws
 * provider: each association compares before any write and refuses otherwise.
 */
export interface CredentialsArgs {
  /** A profile of the shared AWS config files. */
  readonly profile?: string;
  /** A role to assume (with the profile's or the default chain's credentials), as pulumi-aws's `assumeRoles` takes it. */
  readonly assumeRole?: {
    readonly roleArn: string;
    readonly externalId?: string;
    /** Defaults to `workspaces-privatelink`. */
    readonly sessionName?: string;
  };
}

/** What every setup takes, whichever its network. */
export interface CommonArgs {
  /**
   * The region of everything, directories included. Defaults to the region of the component's aws
   * provider; one that differs from it is refused.
   */
  readonly region?: string;
  /** Directories you have, on the setup's one endpoint, each with its own switch; at most 50 in all. */
  readonly directories?: readonly StreamedDirectoryArgs[];
  /** Whether PCoIP WorkSpaces may still stream over the internet; each directory's default. Defaults to `false`. */
  readonly allowPcoipOverInternet?: boolean;
  /** How clients outside the endpoint's VPC reach it. */
  readonly clientNetwork?: ClientNetworkArgs;
  /** The sign-in log. On by default. */
  readonly signInLog?: SignInLogArgs;
  /** The dashboard and alarms. On by default. */
  readonly monitoring?: MonitoringArgs;
  /**
   * Tags for every child that takes tags. The component adds `workspaces-privatelink:project`,
   * `workspaces-privatelink:stack` and `workspaces-privatelink:component` to the endpoint it makes:
   * what an association refusing a directory names its owner by.
   */
  readonly tags?: Readonly<Record<string, pulumi.Input<string>>>;
  /** How the directory associations sign their calls; see {@link CredentialsArgs}. */
  readonly credentials?: CredentialsArgs;
  /** Defaults to `"prefixed"`: see {@link Naming}. */
  readonly naming?: Naming;
  /**
   * What `checkSetupInAws` found for these same arguments: given, the component looks nothing up
   * again (and refuses a result found for another network or region). Leave it out and the
   * component looks everything up itself.
   */
  readonly inAws?: SetupInAws;
}

/** Streaming on a network you have: your VPC and subnets (or your endpoint) and your directories. */
export interface ExistingNetworkArgs extends CommonArgs {
  readonly network: "existing";
  /** Your VPC and subnets (the setup makes the endpoint there), or the endpoint you have. */
  readonly streamingEndpoint: SubnetsEndpointArgs | ExistingEndpointArgs;
  /** One existing directory (the stack configuration's `directory` key); `directories` takes any number. */
  readonly directory?: ExistingDirectoryArgs;
}

/**
 * The walkthrough's lab: both VPCs, the NAT instance, the Windows client, a directory made for it
 * (or one of yours), WorkSpaces.
 */
export interface LabArgs extends CommonArgs {
  readonly network: "lab";
  /** The lab directory to make, or one existing directory; required unless `directories` lists some. */
  readonly directory?: LabDirectoryArgs | ExistingDirectoryArgs;
  /** `"https-only"`: the NAT runs and lets out TCP/UDP 443. `"none"`: it is stopped. Defaults to `"https-only"`. */
  readonly internetAccess?: "https-only" | "none";
  /** The network users connect from ("VPC1"). */
  readonly sourceVpc?: VpcArgs;
  /** The WorkSpaces' network ("VPC2"), where a lab directory lives. */
  readonly workspacesVpc?: VpcArgs;
  /** Which of the two VPCs holds the endpoint, and whom it admits. */
  readonly streamingEndpoint?: LabEndpointArgs;
  /** The Windows test client in the source VPC. */
  readonly client?: ClientArgs;
  /** WorkSpaces to launch in the first directory. Defaults to none. */
  readonly workspaces?: readonly WorkspaceArgs[];
}

/**
 * What a WorkspacesStreaming builds. `network` has no default: `"existing"` streams on the network
 * you have; `"lab"` builds the walkthrough's lab around it.
 */
export type WorkspacesStreamingArgs = ExistingNetworkArgs | LabArgs;
