/**
 * The WorkspacesStreaming component's arguments, read in stages (in the order of the arguments'
 * interface): each stage checks its values with the ground rules, resolves its defaults from
 * ground/defaults.ts, and keeps every problem with its path and a fix in code. What needs the
 * region (AZ IDs, the regions WorkSpaces runs in) waits until the region is known: the
 * arguments', or the component's aws provider's.
 */
import type * as pulumi from "@pulumi/pulumi";
import { egressRangeProblems, normalizeRanges, overlaps, parseCidrV4 } from "../ground/cidr";
import { DEFAULTS, type EndpointVpc, type InternetAccess, type LabDirectoryType } from "../ground/defaults";
import {
  checkDirectoryPassword,
  directoryUserNameProblem,
  labDirectorySizeProblem,
  userNameProblem,
} from "../ground/directories";
import {
  MAX_STREAMED_DIRECTORIES,
  MIN_ENDPOINT_SUBNETS,
  quotaProblem,
  retentionProblem,
  tagKeyProblem,
  tagValueProblem,
  workspacesQuotaWarning,
} from "../ground/limits";
import { judgeAzIds, judgeClientRanges } from "../ground/network";
import { AWS_REGIONS, WORKSPACES_REGIONS } from "../ground/regions";
import {
  EC2_ID_RULES,
  azIdListProblem,
  azIdProblem,
  bundleIdProblem,
  clientCidrProblem,
  clientInstanceTypeProblem,
  domainNameProblem,
  emailProblem,
  netbiosNameProblem,
  ratioProblem,
  repeatedEntries,
  repeatedIds,
  vpcCidrProblem,
} from "../ground/values";
import { REGION_PATTERN, directoryIdProblem } from "../policy/facts";
import { type ArgumentProblem, Checks, at, isPending, shown } from "./argumentChecks";
import type { CredentialsArgs, Naming } from "./workspacesStreamingArgs";

type Bag = Readonly<Record<string, unknown>>;

/** A directory the setup streams, or is ready to, resolved. */
export interface ResolvedDirectory {
  /** The directory; undefined for the lab's own, whose ID AWS gives when it registers it. */
  readonly directoryId?: pulumi.Input<string>;
  /** What its association and alarm are named by; undefined for the lab's own. */
  readonly key?: string;
  readonly associate: boolean;
  readonly allowPcoipOverInternet: boolean;
  readonly takeOver: boolean;
}

export interface ResolvedLabDirectory {
  readonly mode: "lab";
  readonly type: LabDirectoryType;
  readonly name: string;
  readonly shortName?: string;
  /** Simple AD only; undefined for a Microsoft AD. */
  readonly size: "Small" | "Large" | undefined;
  readonly createWorkspacesDefaultRole: boolean;
  readonly adminPassword: pulumi.Input<string>;
}

export interface ResolvedExistingDirectory {
  readonly mode: "existing";
  readonly directoryId: pulumi.Input<string>;
}

export interface ResolvedClientNetwork {
  readonly dnsResolver: boolean;
  readonly transitGatewayId?: pulumi.Input<string>;
  readonly routeTableIds: readonly string[];
  readonly rulesPerSecurityGroup: number;
  readonly routesPerRouteTable: number;
}

/** What every setup has, resolved. */
export interface ResolvedCommon {
  readonly region: string;
  readonly naming: Naming;
  /** Every directory, in order: the `directory` one first, then `directories`. */
  readonly streamedDirectories: readonly ResolvedDirectory[];
  /** `"kept"`: the first association keeps the name `streaming` (the `directory` argument's). */
  readonly firstName: "kept" | "by-id";
  readonly allowPcoipOverInternet: boolean;
  readonly clientNetwork: ResolvedClientNetwork;
  readonly signInLog: {
    readonly enabled: boolean;
    readonly retentionDays: number;
    readonly egressCidrs: readonly string[];
  };
  readonly monitoring: {
    readonly enabled: boolean;
    readonly alarmEmail?: string;
    readonly connectionFailureRatio: number;
  };
  readonly tags: Readonly<Record<string, pulumi.Input<string>>>;
  readonly credentials?: CredentialsArgs;
}

export interface ResolvedLab extends ResolvedCommon {
  readonly network: "lab";
  readonly internetAccess: InternetAccess;
  readonly sourceVpc: { readonly cidr: string; readonly availabilityZoneIds: readonly string[] };
  readonly workspacesVpc: { readonly cidr: string; readonly availabilityZoneIds: readonly string[] };
  readonly client: { readonly enabled: boolean; readonly instanceType: string; readonly keyName?: string };
  readonly directory?: ResolvedLabDirectory | ResolvedExistingDirectory;
  readonly streamingEndpoint: { readonly vpc: EndpointVpc; readonly allowedCidrs: readonly string[] };
  readonly workspaces: readonly { readonly userName: string; readonly bundleId?: string }[];
}

export interface ResolvedSubnetsEndpoint {
  readonly vpcId: pulumi.Input<string>;
  readonly subnetIds: pulumi.Input<readonly pulumi.Input<string>[]>;
  /** Normalised: merged, aggregated, sorted. */
  readonly allowedCidrs: readonly string[];
}

export interface ResolvedExistingEndpoint {
  readonly vpcEndpointId: pulumi.Input<string>;
  readonly ownDns: boolean;
}

export interface ResolvedExisting extends ResolvedCommon {
  readonly network: "existing";
  readonly streamingEndpoint: ResolvedSubnetsEndpoint | ResolvedExistingEndpoint;
}

/** The arguments, every default resolved: what the component builds. */
export type Setup = ResolvedLab | ResolvedExisting;

/** The arguments every setup takes, and those only a lab takes. */
const COMMON_KEYS = [
  "network",
  "region",
  "directory",
  "directories",
  "allowPcoipOverInternet",
  "streamingEndpoint",
  "clientNetwork",
  "signInLog",
  "monitoring",
  "tags",
  "credentials",
  "naming",
  "inAws",
];
const LAB_KEYS = ["internetAccess", "sourceVpc", "workspacesVpc", "client", "workspaces"];

/** `network`: required, and the arguments of the other mode refused. */
function readNetwork(c: Checks, args: Bag): "lab" | "existing" | undefined {
  const network = args.network;
  if (network === undefined) {
    c.add(
      "network",
      '(not set) is required: "existing" streams on the network you have (your VPC and subnets, or your endpoint); "lab" builds the walkthrough\'s lab around it',
    );
  } else if (network !== "lab" && network !== "existing") {
    c.add("network", `${shown(network)} is not a network mode; pass "existing" or "lab"`);
  }
  const mode = network === "lab" || network === "existing" ? network : undefined;
  for (const key of Object.keys(args)) {
    if (LAB_KEYS.includes(key) && mode === "existing") {
      c.add(
        key,
        'is an argument of network "lab" only (what the walkthrough\'s lab builds); with network "existing" none of the lab is built: leave it out',
      );
    } else if (!COMMON_KEYS.includes(key) && !LAB_KEYS.includes(key)) {
      c.object({ [key]: undefined }, "", mode === "existing" ? COMMON_KEYS : [...COMMON_KEYS, ...LAB_KEYS]);
    }
  }
  return mode;
}

/** `region`: an AWS region where WorkSpaces runs; undefined when not given (the provider's then). */
function readRegion(c: Checks, value: unknown): string | undefined {
  const region = c.text(value, "region");
  if (region === undefined) {
    return undefined;
  }
  const offered = `WorkSpaces runs in ${WORKSPACES_REGIONS.join(", ")}`;
  if (!new RegExp(REGION_PATTERN).test(region) || AWS_REGIONS[region] === undefined) {
    c.add(
      "region",
      `${shown(region)} is not an AWS region; pass one where ${offered}, or leave region out for the aws provider's`,
    );
  } else if (!AWS_REGIONS[region].workspaces) {
    c.add("region", `${shown(region)} is an AWS region without WorkSpaces; ${offered}`);
  }
  return region;
}

const ASSOCIATE_MISSING =
  "true streams the directory through the endpoint now; false builds everything and switches nothing (the runbook's first step: the cut-over report then says whom the switch would cut off)";

/** A directory as read, with where it was written (for repeats). */
interface ReadDirectory {
  readonly directory: ResolvedDirectory;
  readonly path: string;
}

/** An existing directory's fields (an entry of `directories`, or `directory` with mode "existing"). */
function readExistingFields(c: Checks, d: Bag, path: string, pcoip: boolean): ReadDirectory | undefined {
  if (d.directoryId === undefined) {
    c.add(at(path, "directoryId"), '(not set) is required: the directory\'s ID, e.g. "d-9067a1b2c3"');
  }
  const directoryId = c.input(d.directoryId, at(path, "directoryId"), directoryIdProblem);
  const associate = c.flag(d.associate, at(path, "associate"), undefined, ASSOCIATE_MISSING);
  const key = readKey(c, d, path);
  const allowPcoipOverInternet = c.flag(d.allowPcoipOverInternet, at(path, "allowPcoipOverInternet"), pcoip);
  const takeOver = c.flag(d.takeOver, at(path, "takeOver"), DEFAULTS.takeOver);
  if (directoryId === undefined || associate === undefined) {
    return undefined;
  }
  return {
    directory: {
      directoryId,
      key,
      associate,
      allowPcoipOverInternet: !!allowPcoipOverInternet,
      takeOver: !!takeOver,
    },
    path,
  };
}

/** What a directory's resources are named by: its `key`, or its ID when that is a plain string. */
function readKey(c: Checks, d: Bag, path: string): string | undefined {
  const key = c.text(d.key, at(path, "key"), (k) =>
    /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/.test(k)
      ? undefined
      : 'is not a name for resources: 1 to 63 letters, digits, ".", "_" or "-", e.g. "sales"',
  );
  if (key !== undefined) {
    return key;
  }
  if (typeof d.directoryId === "string") {
    return d.directoryId;
  }
  if (isPending(d.directoryId)) {
    c.add(
      at(path, "key"),
      '(not set) is required when directoryId is an Output or a Promise: the directory\'s association and alarm are named by it (a name cannot wait for a value); pass e.g. key: "sales"',
    );
  }
  return undefined;
}

/** `directory` in a lab: the lab's directory to make. */
function readLabDirectory(c: Checks, d: Bag): ResolvedLabDirectory {
  const path = "directory";
  const type = c.choice(d.type, at(path, "type"), ["SimpleAD", "MicrosoftAD"], DEFAULTS.directoryType);
  const size = c.choice(d.size, at(path, "size"), ["Small", "Large"]);
  const sizeProblem = type && labDirectorySizeProblem(type, size);
  if (sizeProblem) {
    c.add(at(path, "size"), `${shown(size)} ${sizeProblem}: leave size out`);
  }
  const adminPassword = d.adminPassword as pulumi.Input<string> | undefined;
  if (adminPassword === undefined) {
    c.add(
      at(path, "adminPassword"),
      '(not set) is required: the directory administrator\'s password, as a secret, e.g. config.requireSecret("directoryAdminPassword")',
    );
  } else if (typeof adminPassword === "string") {
    const problem = checkDirectoryPassword(adminPassword);
    if (problem) {
      c.add(at(path, "adminPassword"), problem);
    }
  } else if (!isPending(adminPassword)) {
    c.add(at(path, "adminPassword"), "(secret) must be a string, or an Output of one");
  }
  return {
    mode: "lab",
    type: type ?? DEFAULTS.directoryType,
    name: c.text(d.name, at(path, "name"), domainNameProblem) ?? DEFAULTS.directoryName,
    shortName: c.text(d.shortName, at(path, "shortName"), netbiosNameProblem),
    size: type === "MicrosoftAD" ? undefined : (size ?? DEFAULTS.directorySize),
    createWorkspacesDefaultRole: c.flag(
      d.createWorkspacesDefaultRole,
      at(path, "createWorkspacesDefaultRole"),
      DEFAULTS.createWorkspacesDefaultRole,
    )!,
    adminPassword: adminPassword ?? "",
  };
}

const LAB_DIRECTORY_KEYS = [
  "mode",
  "associate",
  "adminPassword",
  "type",
  "name",
  "shortName",
  "size",
  "createWorkspacesDefaultRole",
];

/** The `directory` argument: the lab's directory to make, or one existing directory. */
function readDirectoryArg(
  c: Checks,
  given: unknown,
  network: "lab" | "existing" | undefined,
  pcoip: boolean,
): { directory?: ResolvedLabDirectory | ResolvedExistingDirectory; first?: ReadDirectory } {
  if (given === undefined) {
    return {};
  }
  const mode = (given as Bag | null)?.mode;
  if (mode === "lab" && network === "existing") {
    c.add(
      "directory.mode",
      '"lab": network "existing" makes no lab directory; stream directories you have with directories: [{ directoryId: "d-...", associate: false }]',
    );
    return {};
  }
  if (mode !== "lab" && mode !== "existing") {
    c.add(
      "directory.mode",
      `${shown(mode)} must be "existing" (a directory you have)${network === "existing" ? "" : ' or "lab" (the lab makes one)'}`,
    );
    return {};
  }
  const d = c.object(
    given,
    "directory",
    mode === "lab" ? LAB_DIRECTORY_KEYS : ["mode", "directoryId", "associate", "takeOver", "key"],
  );
  if (d === undefined) {
    return {};
  }
  if (mode === "existing") {
    const first = readExistingFields(c, d, "directory", pcoip);
    return first ? { directory: { mode, directoryId: first.directory.directoryId! }, first } : {};
  }
  const directory = readLabDirectory(c, d);
  const associate = c.flag(d.associate, "directory.associate", undefined, ASSOCIATE_MISSING);
  return {
    directory,
    first:
      associate === undefined
        ? undefined
        : { directory: { associate, allowPcoipOverInternet: pcoip, takeOver: false }, path: "directory" },
  };
}

/** The directories, in order: `directory` (a lab's or one existing), then `directories`. */
function readDirectories(
  c: Checks,
  args: Bag,
  network: "lab" | "existing" | undefined,
  pcoip: boolean,
): {
  directory?: ResolvedLabDirectory | ResolvedExistingDirectory;
  streamed: ResolvedDirectory[];
  firstName: "kept" | "by-id";
} {
  const { directory, first } = readDirectoryArg(c, args.directory, network, pcoip);
  const listed = c.list(args.directories, "directories", (entry, path) => {
    const d = c.object(entry, path, [
      "directoryId",
      "associate",
      "allowPcoipOverInternet",
      "takeOver",
      "key",
    ]);
    if (d === undefined && entry === undefined) {
      c.add(path, "(not set) must be a directory: { directoryId, associate }");
    }
    return d && readExistingFields(c, d, path, pcoip);
  });
  const all = [...(first ? [first] : []), ...listed];
  if (args.directory === undefined && listed.length === 0 && args.directories === undefined) {
    c.add(
      "directories",
      network === "lab"
        ? '(not set) is required unless directory makes the lab\'s own: pass directory: { mode: "lab", adminPassword, associate: true }, or directories: [{ directoryId: "d-...", associate: false }]'
        : '(not set) is required: list the directories to stream, e.g. [{ directoryId: "d-95670a1b2c", associate: false }] (associate false builds the path first and switches nothing)',
    );
  }
  if (all.length > MAX_STREAMED_DIRECTORIES) {
    c.add(
      "directories",
      `makes ${all.length} directories to stream, over the ${MAX_STREAMED_DIRECTORIES} one setup carries (the preview reads each one, and deleting the setup's endpoint would end the live sessions of every one): split them over setups`,
    );
  }
  const named = all.filter((d) => d.directory.key !== undefined);
  for (const { index, message } of repeatedEntries(
    named,
    (d) => d.directory.key!,
    (firstIndex) =>
      `is listed twice (also ${named[firstIndex].path}); a directory streams through one endpoint, so list it once`,
  )) {
    c.add(at(named[index].path, "directoryId"), `${shown(named[index].directory.key)} ${message}`);
  }
  return { directory, streamed: all.map((d) => d.directory), firstName: first ? "kept" : "by-id" };
}

/** `clientNetwork`: the resolver, the transit gateway, the route tables and the account's quotas. */
function readClientNetwork(
  c: Checks,
  value: unknown,
  network: "lab" | "existing" | undefined,
): ResolvedClientNetwork {
  const path = "clientNetwork";
  const n = c.object(value, path, [
    "dnsResolver",
    "transitGatewayId",
    "routeTableIds",
    "rulesPerSecurityGroup",
    "routesPerRouteTable",
  ]);
  const routeTableIds = c.texts(n?.routeTableIds, at(path, "routeTableIds"), EC2_ID_RULES.routeTable) ?? [];
  for (const { index, message } of repeatedIds(routeTableIds, "route table")) {
    c.add(at(at(path, "routeTableIds"), index), `${shown(routeTableIds[index])} ${message}`);
  }
  if (network === "lab" && routeTableIds.length > 0) {
    c.add(
      at(path, "routeTableIds"),
      'applies to network "existing" (route tables you have); a lab routes in the route table it makes: leave it out',
    );
  }
  return {
    dnsResolver: c.flag(n?.dnsResolver, at(path, "dnsResolver"), DEFAULTS.dnsResolver)!,
    transitGatewayId: c.input(n?.transitGatewayId, at(path, "transitGatewayId"), EC2_ID_RULES.transitGateway),
    routeTableIds,
    rulesPerSecurityGroup: c.number(
      n?.rulesPerSecurityGroup,
      at(path, "rulesPerSecurityGroup"),
      (q) =>
        quotaProblem(q, "security group") ?? (Number.isInteger(q) ? undefined : "must be a whole number"),
      DEFAULTS.rulesPerSecurityGroup,
    ),
    routesPerRouteTable: c.number(
      n?.routesPerRouteTable,
      at(path, "routesPerRouteTable"),
      (q) => quotaProblem(q, "route table") ?? (Number.isInteger(q) ? undefined : "must be a whole number"),
      DEFAULTS.routesPerRouteTable,
    ),
  };
}

/** Client ranges, each checked, then normalised and judged against the quotas. */
function readClientRanges(
  c: Checks,
  value: unknown,
  clientNetwork: ResolvedClientNetwork,
  labRoutes: boolean,
): string[] | undefined {
  const path = "streamingEndpoint.allowedCidrs";
  const given = c.texts(value, path, clientCidrProblem);
  if (given === undefined) {
    return undefined;
  }
  if (given.length === 0) {
    c.add(
      path,
      '[] is empty: the endpoint would admit no one; list the client ranges, e.g. ["192.168.0.0/16"]',
    );
    return undefined;
  }
  if (given.some((cidr) => clientCidrProblem(cidr) !== undefined)) {
    return undefined;
  }
  const judged = judgeClientRanges(given, { ...clientNetwork, labRoutes });
  judged.problems.forEach((message) => c.add(path, message));
  judged.warnings.forEach((warning) => c.warnings.push(`${path}: ${warning}`));
  return judged.ranges;
}

/** `streamingEndpoint` on a network you have: your VPC, subnets and client ranges, or your endpoint. */
function readExistingEndpoint(
  c: Checks,
  value: unknown,
  clientNetwork: ResolvedClientNetwork,
): ResolvedSubnetsEndpoint | ResolvedExistingEndpoint | undefined {
  const path = "streamingEndpoint";
  const e = c.object(value, path, ["vpcId", "subnetIds", "allowedCidrs", "vpcEndpointId", "ownDns"]);
  if (e === undefined) {
    if (value === undefined) {
      c.add(
        path,
        '(not set) is required with network "existing": { vpcId, subnetIds, allowedCidrs } for the setup to make the endpoint there, or { vpcEndpointId } for the endpoint you have',
      );
    }
    return undefined;
  }
  if (e.vpcEndpointId !== undefined) {
    const vpcEndpointId = c.input(e.vpcEndpointId, at(path, "vpcEndpointId"), EC2_ID_RULES.vpcEndpoint);
    const others = (["vpcId", "subnetIds", "allowedCidrs"] as const).filter((f) => e[f] !== undefined);
    if (others.length > 0) {
      c.add(
        at(path, "vpcEndpointId"),
        `cannot be given with ${others.map((f) => at(path, f)).join(", ")}: an endpoint you have comes with its subnets and security group. Pass vpcEndpointId alone (the setup makes no endpoint), or vpcId, subnetIds and allowedCidrs (the setup makes one there)`,
      );
    }
    if (clientNetwork.dnsResolver) {
      c.add(
        "clientNetwork.dnsResolver",
        "true needs the client ranges, which an endpoint you have keeps in its own security group: run the resolver where that endpoint is managed, or pass vpcId, subnetIds and allowedCidrs for the setup to make the endpoint",
      );
    }
    if (clientNetwork.transitGatewayId !== undefined) {
      c.add(
        "clientNetwork.transitGatewayId",
        "routes the client ranges, which an endpoint you have keeps in its own security group: route them where that endpoint is managed, or pass vpcId, subnetIds and allowedCidrs for the setup to make the endpoint",
      );
    }
    const ownDns = c.flag(e.ownDns, at(path, "ownDns"), DEFAULTS.ownDns)!;
    return vpcEndpointId === undefined ? undefined : { vpcEndpointId, ownDns };
  }
  return readSubnetsEndpoint(c, e, clientNetwork);
}

/** `streamingEndpoint: { vpcId, subnetIds, allowedCidrs }`. */
function readSubnetsEndpoint(
  c: Checks,
  e: Bag,
  clientNetwork: ResolvedClientNetwork,
): ResolvedSubnetsEndpoint | undefined {
  const path = "streamingEndpoint";
  if (e.ownDns !== undefined) {
    c.add(
      at(path, "ownDns"),
      "applies to an endpoint you have (vpcEndpointId); the endpoint the setup makes always has private DNS on: leave it out",
    );
  }
  const vpcId = c.input(e.vpcId, at(path, "vpcId"), EC2_ID_RULES.vpc);
  const missing = (["vpcId", "subnetIds", "allowedCidrs"] as const).filter((f) => e[f] === undefined);
  for (const field of missing) {
    c.add(
      at(path, field),
      `(not set) is required: the setup makes the endpoint in your VPC (vpcId), one subnet in each of at least ${MIN_ENDPOINT_SUBNETS} availability zones (subnetIds), and admits your client ranges (allowedCidrs); or pass vpcEndpointId alone for an endpoint you have`,
    );
  }
  const subnetIds = readSubnetIds(c, e.subnetIds);
  if (clientNetwork.transitGatewayId !== undefined && clientNetwork.routeTableIds.length === 0) {
    c.add(
      "clientNetwork.transitGatewayId",
      'needs clientNetwork.routeTableIds on a network you have: the route tables of the endpoint\'s VPC that get a route per client range to it (the VPC is attached already; the setup attaches nothing), e.g. ["rtb-0123456789abcdef0"]',
    );
  }
  const allowedCidrs = readClientRanges(c, e.allowedCidrs, clientNetwork, false);
  if (vpcId === undefined || subnetIds === undefined || allowedCidrs === undefined) {
    return undefined;
  }
  return { vpcId, subnetIds, allowedCidrs };
}

/** `streamingEndpoint.subnetIds`: a list (of plain IDs or Outputs), or one Output of a list. */
function readSubnetIds(c: Checks, value: unknown): pulumi.Input<readonly pulumi.Input<string>[]> | undefined {
  const path = "streamingEndpoint.subnetIds";
  if (value === undefined || isPending(value)) {
    return value as pulumi.Output<string[]> | undefined;
  }
  if (!Array.isArray(value)) {
    c.add(path, `${shown(value)} must be a list of subnet IDs (or an Output of one)`);
    return undefined;
  }
  const ids = value.map((id, i) => c.input(id, at(path, i), EC2_ID_RULES.subnet));
  // An Output is never a repeat of anything: it stands for itself.
  const plain = ids.map((id, i) => (typeof id === "string" ? id : `\u0000${i}`));
  for (const { index, message } of repeatedIds(plain, "subnet")) {
    c.add(at(path, index), `${shown(plain[index])} ${message}`);
  }
  if (value.length < MIN_ENDPOINT_SUBNETS) {
    c.add(
      path,
      `${shown(value)} has ${value.length} subnet${value.length === 1 ? "" : "s"}; pass one in each of at least ${MIN_ENDPOINT_SUBNETS} availability zones, so the endpoint survives a zone outage`,
    );
  }
  return ids.every((id) => id !== undefined) ? (ids as pulumi.Input<string>[]) : undefined;
}

/** `signInLog`. */
function readSignInLog(c: Checks, value: unknown): ResolvedCommon["signInLog"] {
  const path = "signInLog";
  const s = c.object(value, path, ["enabled", "retentionDays", "egressCidrs"]);
  const egress = c.texts(s?.egressCidrs, at(path, "egressCidrs"), clientCidrProblem) ?? [];
  const valid = egress.every((cidr) => clientCidrProblem(cidr) === undefined);
  const egressCidrs = valid ? normalizeRanges(egress) : [];
  const judged = egressRangeProblems(egressCidrs);
  judged.problems.forEach((message) => c.add(at(path, "egressCidrs"), message));
  judged.warnings.forEach((warning) => c.warnings.push(`${at(path, "egressCidrs")}: ${warning}`));
  return {
    enabled: c.flag(s?.enabled, at(path, "enabled"), DEFAULTS.signInLogEnabled)!,
    retentionDays: c.number(
      s?.retentionDays,
      at(path, "retentionDays"),
      retentionProblem,
      DEFAULTS.signInLogRetentionDays,
    ),
    egressCidrs,
  };
}

/** `monitoring`. */
function readMonitoring(c: Checks, value: unknown): ResolvedCommon["monitoring"] {
  const path = "monitoring";
  const m = c.object(value, path, ["enabled", "alarmEmail", "connectionFailureRatio"]);
  return {
    enabled: c.flag(m?.enabled, at(path, "enabled"), DEFAULTS.monitoringEnabled)!,
    alarmEmail: c.text(m?.alarmEmail, at(path, "alarmEmail"), emailProblem),
    connectionFailureRatio: c.number(
      m?.connectionFailureRatio,
      at(path, "connectionFailureRatio"),
      ratioProblem,
      DEFAULTS.connectionFailureRatio,
    ),
  };
}

/** `tags`: plain keys AWS allows (not `aws:`), values strings or Outputs. */
function readTags(c: Checks, value: unknown): Readonly<Record<string, pulumi.Input<string>>> {
  if (value === undefined) {
    return {};
  }
  if (value === null || typeof value !== "object" || Array.isArray(value) || isPending(value)) {
    c.add("tags", `${shown(value)} must be an object of tag keys to values, e.g. { team: "euc" }`);
    return {};
  }
  for (const [key, tag] of Object.entries(value)) {
    const keyProblem = tagKeyProblem(key);
    if (keyProblem) {
      c.add(at("tags", key), keyProblem);
    }
    void c.input(tag, at("tags", key), tagValueProblem);
  }
  return value as Record<string, pulumi.Input<string>>;
}

/** `credentials`: a profile, and a role to assume. */
function readCredentials(c: Checks, value: unknown): CredentialsArgs | undefined {
  const cr = c.object(value, "credentials", ["profile", "assumeRole"]);
  if (cr === undefined) {
    return undefined;
  }
  c.text(cr.profile, "credentials.profile", (p) =>
    p.trim() === "" ? "is empty: name a profile, or leave it out" : undefined,
  );
  const role = c.object(cr.assumeRole, "credentials.assumeRole", ["roleArn", "externalId", "sessionName"]);
  if (role) {
    if (role.roleArn === undefined) {
      c.add(
        "credentials.assumeRole.roleArn",
        '(not set) is required, e.g. "arn:aws:iam::111122223333:role/deployer"',
      );
    }
    c.text(role.roleArn, "credentials.assumeRole.roleArn", (arn) =>
      /^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/.test(arn)
        ? undefined
        : 'is not an IAM role ARN, e.g. "arn:aws:iam::111122223333:role/deployer"',
    );
    c.text(role.externalId, "credentials.assumeRole.externalId");
    c.text(role.sessionName, "credentials.assumeRole.sessionName", (n) =>
      /^[\w+=,.@-]{2,64}$/.test(n)
        ? undefined
        : "is not a role session name (2 to 64 of letters, digits and +=,.@_-)",
    );
  }
  return cr as CredentialsArgs;
}

/** A lab VPC: its block and AZ IDs in the region. */
function readVpc(
  c: Checks,
  value: unknown,
  path: "sourceVpc" | "workspacesVpc",
  region: string,
  defaultCidr: string,
): { cidr: string; availabilityZoneIds: readonly string[] } | undefined {
  const v = c.object(value, path, ["cidr", "availabilityZoneIds"]);
  const cidr = c.text(v?.cidr, at(path, "cidr"), vpcCidrProblem) ?? defaultCidr;
  const given = c.texts(v?.availabilityZoneIds, at(path, "availabilityZoneIds"), azIdProblem);
  if (given !== undefined) {
    c.judge(at(path, "availabilityZoneIds"), given, azIdListProblem);
  }
  const judged = judgeAzIds(given, region);
  judged.problems.forEach((p) =>
    c.add(
      p.index === undefined ? at(path, "availabilityZoneIds") : at(at(path, "availabilityZoneIds"), p.index),
      p.message,
    ),
  );
  return judged.ids && { cidr, availabilityZoneIds: judged.ids };
}

/** What only a lab has: its networks, endpoint, client, WorkSpaces. */
function readLab(
  c: Checks,
  args: Bag,
  region: string,
  clientNetwork: ResolvedClientNetwork,
  directory: ResolvedLabDirectory | ResolvedExistingDirectory | undefined,
): Omit<ResolvedLab, keyof ResolvedCommon | "network" | "directory"> | undefined {
  const sourceVpc = readVpc(c, args.sourceVpc, "sourceVpc", region, DEFAULTS.sourceVpcCidr);
  const workspacesVpc = readVpc(c, args.workspacesVpc, "workspacesVpc", region, DEFAULTS.workspacesVpcCidr);
  if (
    sourceVpc &&
    workspacesVpc &&
    overlaps(parseCidrV4(sourceVpc.cidr)!, parseCidrV4(workspacesVpc.cidr)!)
  ) {
    c.add(
      "workspacesVpc.cidr",
      `"${workspacesVpc.cidr}" overlaps sourceVpc.cidr "${sourceVpc.cidr}"; give the two networks disjoint blocks, e.g. "10.1.0.0/16"`,
    );
  }
  const e = c.object(args.streamingEndpoint, "streamingEndpoint", ["vpc", "allowedCidrs"]);
  const vpc = c.choice(e?.vpc, "streamingEndpoint.vpc", ["source", "workspaces"], DEFAULTS.endpointVpc);
  if (vpc === "workspaces" && e?.allowedCidrs === undefined) {
    c.add(
      "streamingEndpoint.allowedCidrs",
      '(not set) is required with vpc: "workspaces": the source VPC has no route there, so list the ranges your clients reach that VPC from, e.g. ["192.168.0.0/16"]',
    );
  }
  const givenRanges = e?.allowedCidrs ?? (sourceVpc && vpc === "source" ? [sourceVpc.cidr] : undefined);
  const allowedCidrs =
    givenRanges &&
    readClientRanges(c, givenRanges, clientNetwork, clientNetwork.transitGatewayId !== undefined);
  const client = readClient(c, args.client);
  const workspaces = readWorkspaces(c, args.workspaces, directory, region);
  const internetAccess = c.choice(
    args.internetAccess,
    "internetAccess",
    ["https-only", "none"],
    DEFAULTS.internetAccess,
  );
  if (!sourceVpc || !workspacesVpc || !vpc || !allowedCidrs || !internetAccess) {
    return undefined;
  }
  return {
    internetAccess,
    sourceVpc,
    workspacesVpc,
    client,
    streamingEndpoint: { vpc, allowedCidrs },
    workspaces,
  };
}

/** `client`: the Windows client; its settings while it is off are worth a warning. */
function readClient(c: Checks, value: unknown): ResolvedLab["client"] {
  const cl = c.object(value, "client", ["enabled", "instanceType", "keyName"]);
  const enabled = c.flag(cl?.enabled, "client.enabled", DEFAULTS.clientEnabled)!;
  const unused = enabled ? [] : (["instanceType", "keyName"] as const).filter((k) => cl?.[k] !== undefined);
  unused.forEach((k) =>
    c.warnings.push(`client.${k}: has no effect while client.enabled is false (no Windows client is built)`),
  );
  return {
    enabled,
    instanceType:
      c.text(cl?.instanceType, "client.instanceType", clientInstanceTypeProblem) ??
      DEFAULTS.clientInstanceType,
    keyName: c.text(cl?.keyName, "client.keyName", (k) =>
      k === "" ? "is empty; name an EC2 key pair, or leave it out" : undefined,
    ),
  };
}

/**
 * `workspaces`: users each once, names as long as their directory takes, and a warning past a new
 * account's WorkSpaces quota.
 */
function readWorkspaces(
  c: Checks,
  value: unknown,
  directory: ResolvedLabDirectory | ResolvedExistingDirectory | undefined,
  region: string,
): ResolvedLab["workspaces"] {
  const workspaces = c.list(value, "workspaces", (entry, path) => {
    const w = c.object(entry, path, ["userName", "bundleId"]);
    const userName = c.text(w?.userName, at(path, "userName"), userNameProblem);
    if (w && w.userName === undefined) {
      c.add(at(path, "userName"), '(not set) is required: a user of the directory, e.g. "jdoe"');
    }
    if (userName !== undefined && directory !== undefined) {
      c.judge(at(path, "userName"), userName, (name) =>
        directoryUserNameProblem(name, directory.mode === "lab" ? directory.type : undefined),
      );
    }
    const bundleId = c.text(w?.bundleId, at(path, "bundleId"), bundleIdProblem);
    return userName === undefined ? undefined : { userName, bundleId };
  });
  for (const { index, message } of repeatedEntries(
    workspaces,
    (w) => w.userName.toLowerCase(),
    (first) =>
      `names the same user as workspaces[${first}]; a user has one WorkSpace per directory, so list each user once`,
  )) {
    c.add(`workspaces[${index}].userName`, `${shown(workspaces[index].userName)} ${message}`);
  }
  const quota = workspacesQuotaWarning(workspaces.length, region);
  if (quota) {
    c.warnings.push(`workspaces: ${quota}`);
  }
  return workspaces;
}

/**
 * Reads every argument: what is wrong (all of it, each with its path and fix), what is worth a
 * warning, and, when nothing is wrong and the region is known, the setup with every default
 * resolved. `region`: the region the setup runs in, when known (the arguments' or the provider's);
 * without it, what depends on the region waits.
 */
export function readArguments(
  args: unknown,
  region: string | undefined,
): {
  readonly setup?: Setup;
  readonly problems: readonly ArgumentProblem[];
  readonly warnings: readonly string[];
} {
  const c = new Checks();
  if (args === null || typeof args !== "object" || Array.isArray(args)) {
    c.add("args", `${shown(args)} must be an object: { network, directories, ... }`);
    return { problems: c.problems, warnings: c.warnings };
  }
  const a = args as Bag;
  const network = readNetwork(c, a);
  readRegion(c, a.region);
  const pcoip = c.flag(a.allowPcoipOverInternet, "allowPcoipOverInternet", DEFAULTS.allowPcoipOverInternet)!;
  const { directory, streamed, firstName } = readDirectories(c, a, network, pcoip);
  const clientNetwork = readClientNetwork(c, a.clientNetwork, network);
  const common = {
    naming: c.choice(a.naming, "naming", ["prefixed", "unprefixed"], "prefixed")!,
    streamedDirectories: streamed,
    firstName,
    allowPcoipOverInternet: pcoip,
    clientNetwork,
    signInLog: readSignInLog(c, a.signInLog),
    monitoring: readMonitoring(c, a.monitoring),
    tags: readTags(c, a.tags),
    credentials: readCredentials(c, a.credentials),
  };
  if (network === "existing") {
    const streamingEndpoint = readExistingEndpoint(c, a.streamingEndpoint, clientNetwork);
    const done = region !== undefined && streamingEndpoint !== undefined && c.problems.length === 0;
    return {
      ...c,
      setup: done ? { network, region, ...common, streamingEndpoint } : undefined,
    };
  }
  if (network === "lab" && region !== undefined) {
    const lab = readLab(c, a, region, clientNetwork, directory);
    const done = lab !== undefined && c.problems.length === 0;
    return { ...c, setup: done ? { network, region, ...common, ...lab, directory } : undefined };
  }
  return { problems: c.problems, warnings: c.warnings };
}
