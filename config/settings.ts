/**
 * Every setting's default and meaning, written once. The stages read the defaults from here, and
 * `npm run docs` writes the configuration table in docs/reference.md from here and from the schema (allowed
 * values), so the two cannot drift apart.
 */
import { DEFAULTS } from "../ground/defaults";
import { LOG_RETENTION_DAYS } from "../ground/limits";

/** How a default reads in the reference when it is not a plain value. */
interface Setting {
  /** The value the configuration resolves when the key is not set. */
  readonly default?: unknown;
  /** What the reference says instead of the value (a default that depends on other settings). */
  readonly defaultText?: string;
  /** What the reference says the key may hold, where the schema cannot say it (a refinement). */
  readonly allowedText?: string;
  readonly meaning: string;
}

const setting = <const S extends Setting>(s: S): S => s;

/** AWS's default quotas (Service Quotas: VPC, "Inbound or outbound rules per security group", "Routes per route table"). */
export const DEFAULT_RULES_PER_SECURITY_GROUP = DEFAULTS.rulesPerSecurityGroup;
export const DEFAULT_ROUTES_PER_ROUTE_TABLE = DEFAULTS.routesPerRouteTable;

/** The settings, by key path (`namespace:` left out for the project's own), in the reference's order. */
export const SETTINGS = {
  "aws:region": setting({
    defaultText: "(required; `ap-northeast-1` in `dev`)",
    meaning:
      "The region of everything, directories included: one where WorkSpaces runs and offers the streaming service (checked before anything else).",
  }),
  network: setting({
    default: "lab" as "lab" | "existing",
    meaning:
      "`lab`: build the walkthrough. `existing`: stream on the network you have; none of the lab is built, and its settings are refused. See [Run it in production](production.md).",
  }),
  internetAccess: setting({
    default: DEFAULTS.internetAccess,
    meaning:
      "(`lab`) `https-only`: the NAT runs and lets out TCP/UDP 443 only. `none`: the NAT is stopped (a closed network: registration and sign-in then fail).",
  }),
  "sourceVpc.cidr": setting({
    default: DEFAULTS.sourceVpcCidr,
    meaning:
      "The source VPC's block, `/16` to `/24`, split into 16 subnets: #0 public, then one private per AZ.",
  }),
  "sourceVpc.availabilityZoneIds": setting({
    defaultText: "the region's first two WorkSpaces AZ IDs",
    meaning: "AZ IDs (e.g. `apne1-az1`) of the private subnets, at least two; the endpoint uses them.",
  }),
  "workspacesVpc.cidr": setting({
    default: DEFAULTS.workspacesVpcCidr,
    meaning: "The WorkSpaces VPC's block; must not overlap the source VPC.",
  }),
  "workspacesVpc.availabilityZoneIds": setting({
    defaultText: "the region's first two WorkSpaces AZ IDs",
    meaning:
      "(`lab`) AZ IDs where WorkSpaces Personal runs, at least two; the directory uses the first two. Outside the regions the project knows, list them yourself.",
  }),
  "client.enabled": setting({
    default: DEFAULTS.clientEnabled,
    meaning: "Whether to build the Windows client and its EC2 Instance Connect Endpoint.",
  }),
  "client.instanceType": setting({
    default: DEFAULTS.clientInstanceType,
    meaning:
      "The client's instance type: x86_64 with at least 4 GiB (Graviton, Mac and nano/micro/small types are refused).",
  }),
  "client.keyName": setting({
    defaultText: "a key pair made for the client",
    meaning:
      "(`lab`) An existing EC2 key pair for the Administrator password. Without it the stack makes one; see [Signing in](lab.md#signing-in-to-the-windows-client).",
  }),
  "directory.mode": setting({
    default: "lab",
    meaning:
      "`lab`: make a directory (see `directory.type`) and register it. `existing`: use `directory.directoryId`.",
  }),
  "directory.type": setting({
    default: DEFAULTS.directoryType,
    meaning:
      "(`lab`) `SimpleAD`, or `MicrosoftAD` for accounts new to Simple AD (closed to them since 30 July 2026). Never change it on a deployed stack: see [details](#directorytype).",
  }),
  "directory.name": setting({
    default: DEFAULTS.directoryName,
    meaning: "(`lab`) The directory's DNS name.",
  }),
  "directory.shortName": setting({
    defaultText: "AWS's choice",
    meaning: "(`lab`) The NetBIOS name.",
  }),
  "directory.size": setting({
    default: DEFAULTS.directorySize,
    meaning:
      "(`lab`, Simple AD only) `Small` or `Large`; refused for `MicrosoftAD`, which its edition sizes.",
  }),
  "directory.createWorkspacesDefaultRole": setting({
    default: DEFAULTS.createWorkspacesDefaultRole,
    meaning:
      "(`lab`) Create the IAM role `workspaces_DefaultRole`. Set `false` if your account has it already (it does once WorkSpaces has been used there).",
  }),
  "directory.directoryId": setting({
    defaultText: "(required for `existing`)",
    meaning:
      "(`existing`) A directory registered with WorkSpaces Personal: `d-` and 8 to 63 hex digits (a Pools `wsd-` ID is refused).",
  }),
  "directory.associate": setting({
    default: true,
    meaning:
      "Whether the directory streams through the endpoint now; `false` builds everything and switches nothing. See [cut-over](cutover.md).",
  }),
  "directory.takeOver": setting({
    default: DEFAULTS.takeOver,
    meaning:
      "(`existing`) Take the directory over from an endpoint this stack did not set (refused otherwise), and give it back on delete. See [ownership](association.md#who-owns-a-directorys-streaming).",
  }),
  directories: setting({
    defaultText: "none",
    meaning:
      "Existing directories on the same endpoint, each `{ directoryId, allowPcoipOverInternet?, associate?, takeOver? }`, at most 50. See [Several directories](cutover.md#several-directories).",
  }),
  directoryAdminPassword: setting({
    defaultText: "(required for `lab`; secret)",
    meaning:
      "(`lab`) Set with `pulumi config set --secret directoryAdminPassword`: 8 to 64 characters, three of lower case, upper case, digits, symbols. Used when the directory is made; a later change is ignored (docs/lab.md says how to reset it).",
  }),
  "streamingEndpoint.vpc": setting({
    default: DEFAULTS.endpointVpc,
    meaning: "Where the endpoint lives: `source` (as in the walkthrough) or `workspaces`.",
  }),
  "streamingEndpoint.vpcId": setting({
    defaultText: "(`existing`: this, or `vpcEndpointId`)",
    meaning:
      "(`existing`) Your VPC for the endpoint: this account's, with DNS support and DNS hostnames on (private DNS needs both).",
  }),
  "streamingEndpoint.subnetIds": setting({
    defaultText: "(required with `vpcId`)",
    meaning:
      "(`existing`) Subnets of that VPC: at least two, one per AZ, where the streaming service is offered, this account's (no shared VPCs).",
  }),
  "streamingEndpoint.vpcEndpointId": setting({
    defaultText: "none",
    meaning:
      "(`existing`) An endpoint you have, instead of `vpcId`, `subnetIds`, `allowedCidrs`: the stack makes no endpoint or group. See [production](production.md).",
  }),
  "streamingEndpoint.ownDns": setting({
    default: DEFAULTS.ownDns,
    meaning:
      "(`existing`, with `vpcEndpointId`) Your own DNS (a private hosted zone) answers the streaming name, so the endpoint may have private DNS off.",
  }),
  "streamingEndpoint.allowedCidrs": setting({
    defaultText: "the source VPC's block (for `vpc: source`)",
    meaning:
      "IPv4 client ranges admitted on the four streaming ports, normalised; never the whole internet. Required for `vpc: workspaces` and with `vpcId`. See [details](#streamingendpointallowedcidrs).",
  }),
  "clientNetwork.dnsResolver": setting({
    default: DEFAULTS.dnsResolver,
    defaultText: "`false` (`true` in `prod`)",
    meaning:
      "A Route 53 Resolver inbound endpoint in the endpoint's subnets, for on-premises DNS to forward the streaming names to. See [Connect your network](connect.md).",
  }),
  "clientNetwork.transitGatewayId": setting({
    defaultText: "none",
    meaning:
      "Route the client ranges to this transit gateway: a lab attaches its VPC first; an existing VPC is attached already (routes go into `routeTableIds`).",
  }),
  "clientNetwork.routeTableIds": setting({
    default: [] as const,
    meaning:
      "(`existing`) Route tables of the endpoint's VPC that get a route per client range to the transit gateway; the `streamingRouteTableIds` output.",
  }),
  "clientNetwork.rulesPerSecurityGroup": setting({
    default: DEFAULT_RULES_PER_SECURITY_GROUP,
    meaning:
      "Your account's quota of inbound rules per security group; the client ranges must fit it (4 rules each). Raise the quota in Service Quotas first.",
  }),
  "clientNetwork.routesPerRouteTable": setting({
    default: DEFAULT_ROUTES_PER_ROUTE_TABLE,
    meaning:
      "Your account's quota of routes per route table; with a transit gateway, the client ranges (one route each) must fit it.",
  }),
  allowPcoipOverInternet: setting({
    default: DEFAULTS.allowPcoipOverInternet,
    meaning: "Whether PCoIP WorkSpaces may still stream over the internet once the endpoint is set.",
  }),
  workspaces: setting({
    default: [] as const,
    meaning:
      "(`lab`) WorkSpaces to launch, each `{ userName, bundleId? }`; the users must exist (see [Users](lab.md#users)). Default bundle: Amazon's DCV Windows bundle.",
  }),
  "signInLog.enabled": setting({
    default: DEFAULTS.signInLogEnabled,
    meaning:
      "Record every WorkSpaces sign-in (with the client's public address) in a CloudWatch Logs group: what the cut-over report and the preview read. See [cut-over](cutover.md).",
  }),
  "signInLog.retentionDays": setting({
    default: DEFAULTS.signInLogRetentionDays,
    allowedText: "a retention CloudWatch Logs offers",
    meaning: `How long the sign-in log keeps events, in days; one of the values CloudWatch Logs accepts: ${LOG_RETENTION_DAYS.join(", ")}.`,
  }),
  "signInLog.egressCidrs": setting({
    default: [] as const,
    meaning:
      "The public addresses your routed networks sign in from (their NAT or proxy): counted as routed. Never the whole internet; a block over /16 warns. See [details](#signinlogegresscidrs).",
  }),
  "monitoring.enabled": setting({
    default: DEFAULTS.monitoringEnabled,
    meaning: "A CloudWatch dashboard and alarms to one encrypted SNS topic. See [Watch it](monitoring.md).",
  }),
  "monitoring.alarmEmail": setting({
    defaultText: "none",
    meaning: "An e-mail address subscribed to the alarm topic; AWS asks the recipient to confirm.",
  }),
  "monitoring.connectionFailureRatio": setting({
    default: DEFAULTS.connectionFailureRatio,
    meaning:
      "A directory's alarm fires when more than this share of its connection attempts fails (`ConnectionFailure` / `ConnectionAttempt`) in 3 of 5 minutes.",
  }),
} as const;

export type SettingKey = keyof typeof SETTINGS;
