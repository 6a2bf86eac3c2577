/**
 * The project's defaults, each decided here and nowhere else: the WorkspacesStreaming component
 * resolves its arguments from them, the stack configuration its settings (config/settings.ts names
 * each one beside the setting), and the association its inputs. Pure data.
 */

/** `"https-only"`: the lab's NAT runs and lets out TCP/UDP 443. `"none"`: the NAT exists but is stopped. */
export type InternetAccess = "https-only" | "none";

/** Which of the lab's two VPCs holds the streaming endpoint. */
export type EndpointVpc = "source" | "workspaces";

/**
 * The kind of directory a lab makes. `SimpleAD` (the walkthrough's) is closed to new AWS customers
 * since 30 July 2026; `MicrosoftAD` (AWS Managed Microsoft AD, Standard edition) is open to every
 * account and costs more.
 */
export type LabDirectoryType = "SimpleAD" | "MicrosoftAD";

/** Simple AD's sizes (`Small`: up to 500 users). */
export type LabDirectorySize = "Small" | "Large";

export const DEFAULTS = {
  /** The smallest general-purpose type with the 4 GiB Windows Server wants. */
  clientInstanceType: "t3.medium",
  /** The walkthrough has a Windows client to test from. */
  clientEnabled: true,
  /** The smallest Graviton that forwards a handful of clients' sign-in traffic. */
  natInstanceType: "t4g.nano",
  /**
   * The lab directory, as in the walkthrough. AWS closed Simple AD to new customers on 30 July
   * 2026; an account that never used it sets "MicrosoftAD". Not changed to that here: a directory
   * of another type replaces the lab's directory, and with it every WorkSpace in it.
   */
  directoryType: "SimpleAD" as LabDirectoryType,
  /** Up to 500 users: plenty for a lab (Simple AD only; Microsoft AD is sized by its edition). */
  directorySize: "Small" as LabDirectorySize,
  directoryName: "corp.example.com",
  /** An account new to WorkSpaces has no `workspaces_DefaultRole` yet. */
  createWorkspacesDefaultRole: true,
  internetAccess: "https-only" as InternetAccess,
  /** The walkthrough's two networks, disjoint. */
  sourceVpcCidr: "10.0.0.0/16",
  workspacesVpcCidr: "10.1.0.0/16",
  /** The walkthrough puts the endpoint in the clients' own VPC. */
  endpointVpc: "source" as EndpointVpc,
  /** Only DCV streams through the endpoint; PCoIP over the internet is opted into. */
  allowPcoipOverInternet: false,
  /** The endpoint's private DNS is what makes the broker's name resolve; your own DNS is opted into. */
  ownDns: false,
  /** A directory that streams through someone else's endpoint is left alone; taking it over is opted into. */
  takeOver: false,
  /** Clients inside the endpoint's VPC resolve its private name already; a resolver is opted into. */
  dnsResolver: false,
  /** AWS's default quotas (Service Quotas, VPC: "Inbound or outbound rules per security group", "Routes per route table"). */
  rulesPerSecurityGroup: 60,
  routesPerRouteTable: 50,
  /** The sign-in log is what tells who a cut-over cuts off: on unless switched off. */
  signInLogEnabled: true,
  /** Three months of sign-ins: the cut-over report reads 30 days. */
  signInLogRetentionDays: 90,
  /** The dashboard and alarms: on unless switched off. */
  monitoringEnabled: true,
  /** A directory's alarm fires above 20% failed connection attempts. */
  connectionFailureRatio: 0.2,
  /** AUTO_STOP after the shortest timeout AWS allows (60-minute steps). */
  autoStopTimeoutMinutes: 60,
} as const;

/**
 * Serialized by value into the association's provider (Pulumi's closure serializer copies a
 * module so marked), never required by its path: installed under node_modules the library's
 * modules are not exported by those paths, and the state keeps the code it was made with.
 */
export const deploymentOnlyModule = true;
