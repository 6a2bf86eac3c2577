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
  ({ readonly source: string } & DirectoryFacts) | { readonly source: string; readonly unknown: string };
