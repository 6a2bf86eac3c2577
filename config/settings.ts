/**
 * Every setting's default and meaning, written once. The stages read the defaults from here, and
 * `npm run docs` writes the README's configuration table from here and from the schema (allowed
 * values), so the two cannot drift apart.
 */
import { DEFAULTS } from "../policy/facts";
import { WORKSPACES_AZ_IDS, WORKSPACES_REGIONS } from "./regions";
import { LOG_RETENTION_DAYS } from "./schema";

/** How a default reads in the README when it is not a plain value. */
interface Setting {
  /** The value the configuration resolves when the key is not set. */
  readonly default?: unknown;
  /** What the README says instead of the value (a default that depends on other settings). */
  readonly defaultText?: string;
  /** What the README says the key may hold, where the schema cannot say it (a refinement). */
  readonly allowedText?: string;
  readonly meaning: string;
}

const setting = <const S extends Setting>(s: S): S => s;

/** AWS's default quotas (Service Quotas: VPC, "Inbound or outbound rules per security group", "Routes per route table"). */
export const DEFAULT_RULES_PER_SECURITY_GROUP = 60;
export const DEFAULT_ROUTES_PER_ROUTE_TABLE = 50;

/** The settings, by key path (`namespace:` left out for the project's own), in the README's order. */
export const SETTINGS = {
  "aws:region": setting({
    defaultText: "(required; `ap-northeast-1` in `dev`)",
    meaning: `The region of everything, directory included. One where WorkSpaces runs: ${WORKSPACES_REGIONS.join(", ")} (AWS's endpoint data); the program also checks, before anything else, that the region offers the streaming service.`,
  }),
  network: setting({
    default: "lab" as "lab" | "existing",
    meaning:
      '`lab`: build the walkthrough (both VPCs, the NAT instance, the client, a lab directory, WorkSpaces). `existing`: stream on the network you have (your VPC and subnets, or your endpoint, and your directories); it builds none of the lab and refuses the lab\'s settings. See "Run it in production".',
  }),
  internetAccess: setting({
    default: DEFAULTS.internetAccess,
    meaning:
      "`https-only`: the NAT runs and lets out TCP 443 and UDP 443 only. `none`: the NAT exists but is stopped (closed network; WorkSpaces registration and sign-in then fail, as AWS requires internet for authentication).",
  }),
  "sourceVpc.cidr": setting({
    default: "10.0.0.0/16",
    meaning:
      "The source VPC's block, `/16` to `/24`, split into 16 subnets: #0 public, then one private per AZ.",
  }),
  "sourceVpc.availabilityZoneIds": setting({
    defaultText: "the region's first two WorkSpaces AZ IDs",
    meaning: "AZ IDs (e.g. `apne1-az1`) of the private subnets, at least two; the endpoint uses them.",
  }),
  "workspacesVpc.cidr": setting({
    default: "10.1.0.0/16",
    meaning: "The WorkSpaces VPC's block; must not overlap the source VPC.",
  }),
  "workspacesVpc.availabilityZoneIds": setting({
    defaultText: "the region's first two WorkSpaces AZ IDs",
    meaning: `Must be AZ IDs where WorkSpaces Personal runs (a table covers ${Object.keys(WORKSPACES_AZ_IDS).join(", ")}). In another region, list them yourself. The directory uses the first two.`,
  }),
  "client.enabled": setting({
    default: true,
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
      "An existing EC2 key pair, to decrypt the Administrator password (`aws ec2 get-password-data`). Without it the stack makes one and exports its private key as the secret `clientPrivateKeyPem`.",
  }),
  "directory.mode": setting({
    default: "lab",
    meaning:
      "`lab`: create a directory in the WorkSpaces VPC (see `directory.type`) and register it with WorkSpaces Personal. `existing`: use `directory.directoryId`, create no directory.",
  }),
  "directory.type": setting({
    default: DEFAULTS.directoryType,
    meaning:
      "(`lab`) `SimpleAD`, as in the walkthrough, or `MicrosoftAD` (AWS Managed Microsoft AD, Standard edition). AWS closed Simple AD to new customers on 30 July 2026: an account that has never used it must choose `MicrosoftAD`, which costs more (see AWS Directory Service pricing). The default stays `SimpleAD` because changing the type replaces the directory and every WorkSpace in it: never change it on a deployed stack.",
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
    default: true,
    meaning:
      "(`lab`) Create the IAM role `workspaces_DefaultRole`. Set `false` if your account has it already (it does once WorkSpaces has been used there).",
  }),
  "directory.directoryId": setting({
    defaultText: "(required for `existing`)",
    meaning:
      "`d-` and 8 to 63 hex digits (the WorkSpaces API model), a directory registered with WorkSpaces Personal; a Pools `wsd-` ID is refused (Pools cannot stream over PrivateLink).",
  }),
  "directory.associate": setting({
    default: true,
    meaning:
      'Whether the directory streams through the endpoint now. `false` builds everything but leaves the directory streaming over the internet; switching it back and forth is the cut-over (see "Cut over one directory at a time").',
  }),
  "directory.takeOver": setting({
    default: DEFAULTS.takeOver,
    meaning:
      "(`existing`) Take the directory over if it streams through an endpoint this stack did not set (another stack's, or one set by hand); without it that is refused before any write. The endpoint and PCoIP setting that were there are given back when the association is deleted. See \"Who owns a directory's streaming\".",
  }),
  directories: setting({
    defaultText: "none",
    meaning:
      "Existing directories to stream through the same endpoint, each `{ directoryId, allowPcoipOverInternet?, associate?, takeOver? }` (the flags default to the stack's `allowPcoipOverInternet`, to `true` and to `false`; `takeOver` as `directory.takeOver`). With `directory.mode: lab` they come after the lab's directory; without `directory` the stack makes no lab directory and needs no password; not with `directory.mode: existing` (list that directory here instead). IDs once each, at most 50 directories per stack. See \"Several directories\".",
  }),
  directoryAdminPassword: setting({
    defaultText: "(required for `lab`; secret)",
    meaning:
      "Set with `pulumi config set --secret directoryAdminPassword`. 8 to 64 characters, three of: lower case, upper case, digits, symbols.",
  }),
  "streamingEndpoint.vpc": setting({
    default: "source",
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
      "(`existing`) Subnets of that VPC for the endpoint: at least two, one per availability zone, in zones where the streaming service is offered, owned by this account (AWS does not support endpoints in shared VPCs).",
  }),
  "streamingEndpoint.vpcEndpointId": setting({
    defaultText: "none",
    meaning:
      "(`existing`) An endpoint you have, instead of `vpcId`, `subnetIds` and `allowedCidrs`: an available IPv4 Interface endpoint for `com.amazonaws.<region>.highlander` in this account, with private DNS on. The stack makes no endpoint and no security group.",
  }),
  "streamingEndpoint.ownDns": setting({
    default: DEFAULTS.ownDns,
    meaning:
      "(`existing`, with `vpcEndpointId`) Your own DNS (a private hosted zone) answers the streaming name, so the endpoint may have private DNS off.",
  }),
  "streamingEndpoint.allowedCidrs": setting({
    defaultText: "the source VPC's block (for `vpc: source`)",
    meaning:
      "IPv4 client ranges admitted on the four streaming ports. They are normalised first (duplicates and ranges inside others merged, neighbours aggregated, sorted by address), and must fit the security group quota (4 rules per range). IPv6 is rejected (the service is IPv4 only), and so is any set of ranges that covers the whole internet (`0.0.0.0/0`, or `0.0.0.0/1` + `128.0.0.0/1`...); a public (non-RFC 1918, non-shared) range gets a warning. Required for `vpc: workspaces` and with `vpcId`; not with `vpcEndpointId`.",
  }),
  "clientNetwork.dnsResolver": setting({
    default: false,
    defaultText: "`false` (`true` in `prod`)",
    meaning:
      'Run a Route 53 Resolver inbound endpoint in the endpoint\'s subnets, admitting DNS (TCP/UDP 53) from the client ranges only, for on-premises DNS to forward the streaming names to. See "Connect your network".',
  }),
  "clientNetwork.transitGatewayId": setting({
    defaultText: "none",
    meaning:
      "`lab`: attach the endpoint's VPC to this transit gateway (in the endpoint's subnets) and route every client range to it from the endpoint VPC's route table. `existing`: no attachment (the VPC has one); the routes go into `clientNetwork.routeTableIds`. Ranges inside the VPC's own blocks get no route.",
  }),
  "clientNetwork.routeTableIds": setting({
    default: [] as const,
    meaning:
      "(`existing`) Route tables of the endpoint's VPC: with `transitGatewayId`, each gets one route per client range to it (the VPC is attached already); they are the `streamingRouteTableIds` output. None: your routing.",
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
      'WorkSpaces to launch, each `{ userName, bundleId? }`. The user must exist in the directory (see "Users" below). Without `bundleId`, the Amazon DCV Windows bundle; give a PCoIP bundle ID to reproduce the "Invalid State Error" test. User names are unique ignoring case, without domain.',
  }),
  "signInLog.enabled": setting({
    default: true,
    meaning:
      'Record every WorkSpaces sign-in (the `WorkSpaces Access` event, with the client\'s public address) in a CloudWatch Logs group, through an EventBridge rule: what `npm run cutover` and the preview read to say who a cut-over cuts off. See "Before you cut over".',
  }),
  "signInLog.retentionDays": setting({
    default: 90,
    allowedText: "a retention CloudWatch Logs offers",
    meaning: `How long the sign-in log keeps events, in days; one of the values CloudWatch Logs accepts: ${LOG_RETENTION_DAYS.join(", ")}.`,
  }),
  "signInLog.egressCidrs": setting({
    default: [] as const,
    meaning:
      "The public addresses your routed networks sign in from (their NAT or proxy egress): sign-in always goes over the internet, so WorkSpaces sees those, not the private ranges. Sign-ins from here count as routed, like `streamingEndpoint.allowedCidrs`. A set that covers the whole internet is refused (every sign-in would look routed and no one cut off), as are host bits; a block larger than a /16 gets a warning.",
  }),
  "monitoring.enabled": setting({
    default: true,
    meaning:
      'A CloudWatch dashboard (`workspaces-privatelink-<stack>`) of the endpoint, each directory\'s sessions, the sign-ins from outside and the NAT instance, and alarms to one encrypted SNS topic. See "Watch it".',
  }),
  "monitoring.alarmEmail": setting({
    defaultText: "none",
    meaning: "An e-mail address subscribed to the alarm topic; AWS asks the recipient to confirm.",
  }),
  "monitoring.connectionFailureRatio": setting({
    default: 0.2,
    meaning:
      "A directory's alarm fires when more than this share of its connection attempts fails (`ConnectionFailure` / `ConnectionAttempt`) in 3 of 5 minutes.",
  }),
} as const;

export type SettingKey = keyof typeof SETTINGS;
