/**
 * Facts AWS imposes on WorkSpaces streaming over PrivateLink, written once. The policy pack is
 * published on its own (`pulumi policy publish` from policy/), so these live inside its folder and
 * the program (config, components, provider) imports them from here. Pure data and functions.
 */

/** The interface endpoint service that carries streaming in a region (not `...workspaces`, the API). */
export function streamingServiceName(region: string): string {
  return `com.amazonaws.${region}.highlander`;
}

/** The name the broker hands clients; inside the endpoint's VPC it resolves to the endpoint. */
export function privateLinkHostname(region: string): string {
  return `privatelink.prod.${region}.highlander.aws.a2z.com`;
}

/** An AWS region's name, e.g. `ap-northeast-1`, `us-gov-west-1`. */
export const REGION_PATTERN = "^[a-z]{2}(-[a-z]+)+-\\d+$";

/** `com.amazonaws.<region>.highlander`, exactly as AWS writes it; captures the region. */
export const HIGHLANDER = /^com\.amazonaws\.([a-z0-9-]+)\.highlander$/;

/** Services easily taken for it. */
export const LOOKALIKES =
  /^com\.amazonaws\.[a-z0-9-]+\.(workspaces|workspaces-instances|workspaces-web|aps-workspaces)$/;

export const NAMING_TABLE =
  "com.amazonaws.<region>.workspaces is the WorkSpaces API, ...workspaces-instances is WorkSpaces Core, ...workspaces-web is WorkSpaces Secure Browser, ...aps-workspaces is Managed Prometheus; only ...highlander carries streaming";

/**
 * What a service name says, read the way a person would (trimmed, any case): whether it means the
 * streaming service, in which region, and whether it is written exactly as AWS expects.
 */
export function readServiceName(raw: string): { highlander: boolean; region?: string; exact: boolean } {
  const match = HIGHLANDER.exec(raw.trim().toLowerCase());
  return match
    ? { highlander: true, region: match[1], exact: raw === match[0] }
    : { highlander: false, exact: true };
}

export type Protocol = "tcp" | "udp";

/** One port of one protocol. */
export interface PortSpec {
  readonly protocol: Protocol;
  readonly port: number;
}

/** The four ports the streaming endpoint serves (DCV over QUIC and TCP, on 4195 and 443). */
export const STREAMING_PORTS: readonly PortSpec[] = [
  { protocol: "tcp", port: 443 },
  { protocol: "tcp", port: 4195 },
  { protocol: "udp", port: 443 },
  { protocol: "udp", port: 4195 },
];

/**
 * The command the package installs, as messages name its tools (`${TOOL} cutover`, `${TOOL} doctor`):
 * what a user of the installed package runs (in this repository, `npm run cutover --` runs the same).
 */
export const TOOL = "npx workspaces-privatelink";

/** The type token of the project's StreamingEndpointAssociation dynamic resource. */
export const ASSOCIATION_TYPE = "pulumi-nodejs:dynamic/workspaces:StreamingEndpointAssociation";

/** The whole IPv4 and IPv6 internet. */
export const WHOLE_INTERNET = ["0.0.0.0/0", "::/0"] as const;

/**
 * What a directory is known to be, as the association observes it (or as the program read it
 * during preview): the settings the limitations depend on.
 */
export interface DirectoryFacts {
  readonly workspaceType: string;
  readonly endpointEncryptionMode: string;
  readonly globalAcceleratorMode: string;
  readonly ipGroupIds: string[];
  /** WorkSpaces in the directory that stream with PCoIP. */
  readonly pcoipWorkspaceCount: number;
  /** WorkSpaces in the directory with Global Accelerator explicitly on. */
  readonly globalAcceleratorWorkspaceCount: number;
}

/**
 * The `directoryFacts` input of an association: the facts read before any write, with where they
 * came from, or why they could not be read.
 */
export type DirectoryFactsInput =
  | ({
      readonly source: string;
      /** The endpoint the directory streams through now; absent while it streams over the internet. */
      readonly streamingEndpointId?: string;
    } & DirectoryFacts)
  | { readonly source: string; readonly unknown: string };

/** A cut-over verdict (npm run cutover): what streaming through the endpoint does to a WorkSpace. */
export type CutOverVerdict = "private" | "cut-off" | "pcoip-internet" | "pcoip-blocked" | "unknown";

/**
 * The `cutOver` input of an association whose directory would start streaming through the
 * endpoint: its WorkSpaces counted by verdict over a window of sign-ins (read during preview, or
 * from a cut-over report), or why that could not be read. Counts only: no user or address.
 */
export type CutOverInput =
  | { readonly source: string; readonly counts: Readonly<Record<CutOverVerdict, number>> }
  | { readonly source: string; readonly unknown: string };

/**
 * A WorkSpaces Personal directory ID, as the WorkSpaces API model's DirectoryId pattern allows it
 * (its other branch, `wsd-...`, is a Pools directory: see POOLS_DIRECTORY_ID_PATTERN).
 */
export const DIRECTORY_ID_PATTERN = "^d-[0-9a-f]{8,63}$";

/** A WorkSpaces Pools directory ID (the model's `wsd-` branch): Pools cannot stream over PrivateLink. */
export const POOLS_DIRECTORY_ID_PATTERN = "^wsd-[0-9a-z]{8,63}$";

/**
 * A VPC endpoint ID. The EC2 model gives the shape no pattern, and AWS's IDs carry 8 or 17 hex
 * digits; only the prefix is checked, so that a VPC or subnet ID passed by mistake is caught.
 */
export const VPC_ENDPOINT_ID_PATTERN = "^vpce-[0-9a-f]+$";

/**
 * An EC2 resource ID of this kind (`vpc`, `subnet`, `rtb`, `vpce`, `tgw`), as the configuration
 * takes it: the EC2 model gives these shapes no pattern, and AWS's IDs carry 8 (older) or 17 hex
 * digits after the prefix.
 */
export function ec2IdPattern(prefix: string): string {
  return `^${prefix}-([0-9a-f]{8}|[0-9a-f]{17})$`;
}

/**
 * What is known of a VPC endpoint the stack streams through but does not create (one you have):
 * what the limitations depend on. Read before any write, or observed by the association.
 */
export interface EndpointFacts {
  readonly vpcEndpointId: string;
  readonly serviceName: string;
  readonly vpcEndpointType: string;
  /** `ipv4`, `dualstack` or `ipv6`. */
  readonly ipAddressType: string;
  /** `ipv4`, `dualstack`, `ipv6` or `service-defined`. */
  readonly dnsRecordIpType: string;
  readonly privateDnsEnabled: boolean;
  /** `available`, `pending`... */
  readonly state: string;
}

/**
 * The `endpointFacts` input of an association whose endpoint the stack does not create: the facts
 * read during preview, with where they came from, or why they could not be read.
 */
export type EndpointFactsInput =
  ({ readonly source: string } & EndpointFacts) | { readonly source: string; readonly unknown: string };

/**
 * What keeps an endpoint the stack does not make from carrying streaming, each problem worded to
 * follow the endpoint's name ("vpce-... is a Gateway endpoint; ..."); none when it will do. The
 * configuration's check (before any resource) and the pack's found-endpoint rule both judge with
 * it. `region` undefined: the directory's region is not known, and any region's streaming service
 * passes. `ownDnsSetting`: how the caller's user says their own DNS answers the streaming name.
 */
export function endpointFactsProblems(
  e: Omit<EndpointFacts, "vpcEndpointId">,
  context: { readonly region?: string; readonly ownDns: boolean; readonly ownDnsSetting: string },
): string[] {
  const { region, ownDns, ownDnsSetting } = context;
  const service = region ? streamingServiceName(region) : "com.amazonaws.<region>.highlander";
  const problems: string[] = [];
  if (e.vpcEndpointType !== "Interface") {
    problems.push(`is a ${e.vpcEndpointType} endpoint; streaming needs an Interface endpoint for ${service}`);
  }
  if (!HIGHLANDER.test(e.serviceName) || (region !== undefined && e.serviceName !== service)) {
    const trap = LOOKALIKES.test(e.serviceName) ? ` (${NAMING_TABLE})` : "";
    problems.push(
      `serves ${e.serviceName}, not ${service}${trap}; use an Interface endpoint for ${service}${region ? "" : " in the directory's region"}`,
    );
  }
  if (e.ipAddressType !== "ipv4" || !["ipv4", "service-defined"].includes(e.dnsRecordIpType)) {
    problems.push(
      `has ipAddressType "${e.ipAddressType}" and dnsRecordIpType "${e.dnsRecordIpType}"; WorkSpaces streaming is IPv4 only: use an endpoint with both "ipv4"`,
    );
  }
  if (!e.privateDnsEnabled && !ownDns) {
    problems.push(
      `has private DNS off, and clients find the endpoint only by its private name; turn private DNS on, or set ${ownDnsSetting} if your own DNS answers ${region ? privateLinkHostname(region) : "the streaming name"}`,
    );
  }
  if (e.state !== "available") {
    problems.push(`is ${e.state}; it must be available (accept it, or wait for it)`);
  }
  return problems;
}

/** A WorkSpaces bundle ID (the WorkSpaces API model's BundleId pattern). */
export const BUNDLE_ID_PATTERN = "^wsb-[0-9a-z]{8,63}$";

/** Why `id` is not a directory that can stream over PrivateLink, or undefined when it is one. */
export function directoryIdProblem(id: string): string | undefined {
  if (new RegExp(DIRECTORY_ID_PATTERN).test(id)) {
    return undefined;
  }
  if (new RegExp(POOLS_DIRECTORY_ID_PATTERN).test(id)) {
    return "is a WorkSpaces Pools directory; streaming over PrivateLink is for WorkSpaces Personal only, so Pools cannot use an endpoint";
  }
  if (new RegExp(DIRECTORY_ID_PATTERN).test(id.toLowerCase())) {
    return `has upper-case letters; a directory ID is "d-" and 8 to 63 lower-case hex digits: write ${JSON.stringify(id.toLowerCase())}`;
  }
  return 'is not a WorkSpaces Personal directory ID ("d-" and 8 to 63 hex digits); copy it from the WorkSpaces console, e.g. "d-9067a1b2c3"';
}

/**
 * Serialized by value into the association's provider (Pulumi's closure serializer copies a
 * module so marked), never required by its path: installed under node_modules the library's
 * modules are not exported by those paths, and the state keeps the code it was made with.
 */
export const deploymentOnlyModule = true;
