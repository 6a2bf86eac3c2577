/**
 * A stand-in cloud, from one small description of an account: what every lookup the
 * WorkspacesStreaming component makes answers (the provider's region and account, the streaming
 * service, the VPC, subnets, route tables and endpoint you have, network interfaces, AMIs,
 * bundles, directories), and the outputs AWS computes for what it makes (IDs in AWS's formats,
 * DNS entries, addresses, ARNs). Pure data and functions: the mocks of `workspaces-privatelink/testing`
 * answer from it, and so does this project's stand-in aws provider for the real engine.
 */

/** A VPC of the account. */
export interface VpcDescription {
  readonly id: string;
  /** Defaults to `10.20.0.0/16`. */
  readonly cidrBlock?: string;
  /** Defaults to the account's: a VPC shared from another account says so. */
  readonly ownerId?: string;
  /** Both default to `true`, as private DNS needs. */
  readonly enableDnsSupport?: boolean;
  readonly enableDnsHostnames?: boolean;
}

/** A subnet of the account. */
export interface SubnetDescription {
  readonly id: string;
  /** Defaults to the account's first VPC (one the program makes counts: the mocks remember it). */
  readonly vpcId?: string;
  /** Defaults to the service's zones in turn (`<region>a`, `<region>c`, ...). */
  readonly availabilityZone?: string;
  readonly ownerId?: string;
}

/** A route table of the account, with the destinations of its routes. */
export interface RouteTableDescription {
  readonly id: string;
  readonly vpcId: string;
  readonly routes?: readonly string[];
}

/** An interface endpoint you have. Defaults: an available IPv4 endpoint for the region's streaming service, private DNS on. */
export interface EndpointDescription {
  readonly id: string;
  readonly vpcId: string;
  readonly serviceName?: string;
  readonly vpcEndpointType?: string;
  readonly ipAddressType?: string;
  readonly dnsRecordIpType?: string;
  readonly privateDnsEnabled?: boolean;
  readonly state?: string;
  readonly ownerId?: string;
  readonly subnetIds?: readonly string[];
  readonly securityGroupIds?: readonly string[];
}

/** An account, as the stand-in cloud answers for it. Everything has a default. */
export interface AccountDescription {
  /** The account the credentials reach. Defaults to `123456789012`. */
  readonly accountId?: string;
  /** The provider's region. Defaults to `ap-northeast-1`. */
  readonly region?: string;
  readonly vpcs?: readonly VpcDescription[];
  readonly subnets?: readonly SubnetDescription[];
  readonly routeTables?: readonly RouteTableDescription[];
  readonly endpoints?: readonly EndpointDescription[];
  /** Directories registered with WorkSpaces Personal. */
  readonly directories?: readonly string[];
  /** Where the region offers the streaming service. Defaults to `<region>a`, `c` and `d`. */
  readonly serviceZones?: readonly string[];
  /** The instance types EC2 offers in every zone. Defaults to a handful of current types. */
  readonly instanceTypes?: readonly string[];
  /**
   * Other accounts, by the name of the explicit aws provider that reaches them
   * (`new aws.Provider("member", ...)`). `directories`: the ones registered in that account, which a
   * lookup through that provider finds (defaults to `directories` above).
   */
  readonly providers?: Readonly<
    Record<
      string,
      { readonly accountId: string; readonly region?: string; readonly directories?: readonly string[] }
    >
  >;
  /**
   * Whether an ID the description does not list is still found (a VPC, subnet, route table or
   * endpoint of the account, with the defaults above). Defaults to `false`: it is not found, as
   * AWS answers a wrong ID.
   */
  readonly anyId?: boolean;
  /** A StackReference's outputs, by the stack it names. */
  readonly stackOutputs?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

/** A lookup as the engine hands it over: its token, its arguments and the provider it goes to. */
export interface Lookup {
  readonly token: string;
  readonly inputs: Record<string, unknown>;
  /** `<provider urn>::<provider id>`, or empty for the default provider. */
  readonly provider?: string;
}

export const DEFAULT_ACCOUNT = "123456789012";
export const DEFAULT_REGION = "ap-northeast-1";

/** The instance types the stand-in says EC2 offers in every zone. */
export const OFFERED_INSTANCE_TYPES = [
  "c5.large",
  "c6i.large",
  "m5.large",
  "m6i.large",
  "m7i.large",
  "m7i.xlarge",
  "r5.large",
  "t3.large",
  "t3.medium",
  "t3.micro",
  "t3.small",
  "t3.xlarge",
  "t3a.medium",
  "t4g.medium",
  "t4g.nano",
];

/** The Amazon bundle a lookup by name finds (a Standard DCV bundle). */
export const DEFAULT_BUNDLE_ID = "wsb-93xk71ss4";

/** The zones a region offers the streaming service in, by default. */
export const defaultServiceZones = (region: string) => ["a", "c", "d"].map((z) => `${region}${z}`);

/** An invoke's failure as the engine reports it (a gRPC error whose details are the provider's message). */
export function invokeError(message: string): Error {
  return Object.assign(new Error(message), { details: message });
}

const streaming = (region: string) => `com.amazonaws.${region}.highlander`;
const hostname = (region: string) => `privatelink.prod.${region}.highlander.aws.a2z.com`;

/**
 * The account and region a provider reaches: `provider` is `<provider urn>::<provider id>` (as the
 * engine names a resource's or a lookup's provider), or empty for the default provider.
 */
export function placeOf(
  account: AccountDescription,
  provider: string | undefined,
): { accountId: string; region: string; directories: readonly string[] } {
  const name = (provider ?? "").split("::")[3];
  const other = name === undefined ? undefined : account.providers?.[name];
  return {
    accountId: other?.accountId ?? account.accountId ?? DEFAULT_ACCOUNT,
    region: other?.region ?? account.region ?? DEFAULT_REGION,
    directories: other?.directories ?? account.directories ?? [],
  };
}

/** `ap-northeast-1` -> `apne1`, for AZ IDs. */
function azIdOf(region: string): string {
  const [area, direction, n] = region.split("-");
  return `${area}${direction.replace(/north|south|east|west|central/g, (w) => w[0])}${n}`;
}

/** Finds a described thing by ID, or (with `anyId`) makes one up; throws AWS's "not found" otherwise. */
function find<T extends { id: string }>(
  list: readonly T[] | undefined,
  id: unknown,
  anyId: boolean | undefined,
  made: (id: string) => T,
  what: string,
): T {
  const found = list?.find((t) => t.id === id);
  if (found) {
    return found;
  }
  if (anyId) {
    return made(String(id));
  }
  throw invokeError(`no matching ${what} found (${String(id)})`);
}

/** The EC2 lookups of a network you have. */
function ec2Lookup(account: AccountDescription, lookup: Lookup): Record<string, unknown> | undefined {
  const { accountId, region } = placeOf(account, lookup.provider);
  const zones = account.serviceZones ?? defaultServiceZones(region);
  const firstVpc = account.vpcs?.[0]?.id ?? "vpc-0e0e0e0e0e0e0e0e0";
  switch (lookup.token) {
    case "aws:ec2/getVpc:getVpc": {
      const v = find<VpcDescription>(
        account.vpcs,
        lookup.inputs.id,
        account.anyId,
        (id) => ({ id }),
        "EC2 VPC",
      );
      const cidrBlock = v.cidrBlock ?? "10.20.0.0/16";
      return {
        id: v.id,
        ownerId: v.ownerId ?? accountId,
        cidrBlock,
        cidrBlockAssociations: [{ associationId: `${v.id}-cidr-assoc`, cidrBlock, state: "associated" }],
        enableDnsSupport: v.enableDnsSupport ?? true,
        enableDnsHostnames: v.enableDnsHostnames ?? true,
      };
    }
    case "aws:ec2/getSubnet:getSubnet": {
      const made = (id: string) => ({ id, vpcId: firstVpc });
      const s = find<SubnetDescription>(account.subnets, lookup.inputs.id, account.anyId, made, "EC2 Subnet");
      const index = Math.max(0, account.subnets?.indexOf(s) ?? -1);
      const zone = s.availabilityZone ?? zones[index % zones.length];
      return {
        id: s.id,
        vpcId: s.vpcId ?? firstVpc,
        ownerId: s.ownerId ?? accountId,
        availabilityZone: zone,
        availabilityZoneId: `${azIdOf(region)}-az${zone.slice(-1).charCodeAt(0) - 96}`,
      };
    }
    case "aws:ec2/getRouteTable:getRouteTable": {
      const made = (id: string) => ({ id, vpcId: firstVpc });
      const r = find<RouteTableDescription>(
        account.routeTables,
        lookup.inputs.routeTableId,
        account.anyId,
        made,
        "Route Table",
      );
      return {
        id: r.id,
        routeTableId: r.id,
        vpcId: r.vpcId,
        ownerId: accountId,
        routes: (r.routes ?? []).map((cidrBlock) => ({ cidrBlock })),
        associations: [],
      };
    }
    case "aws:ec2/getVpcEndpoint:getVpcEndpoint":
      return endpointLookup(account, String(lookup.inputs.id), accountId, region);
    case "aws:ec2/getNetworkInterface:getNetworkInterface": {
      // The n-th interface of an endpoint (its ID ends in n): 10.0.(16n+16).200.
      const id = String(lookup.inputs.id);
      return { id, privateIp: `10.0.${16 * (Number(id.slice(-1)) + 1)}.200` };
    }
    default:
      return undefined;
  }
}

/** An endpoint you have, as EC2 describes it. */
function endpointLookup(
  account: AccountDescription,
  id: string,
  accountId: string,
  region: string,
): Record<string, unknown> {
  const made = (endpointId: string): EndpointDescription => ({
    id: endpointId,
    vpcId: "vpc-0e0e0e0e0e0e0e0e0",
  });
  const e = find<EndpointDescription>(account.endpoints, id, account.anyId, made, "EC2 VPC Endpoint");
  const eni = id.slice(5, 20);
  return {
    id,
    vpcId: e.vpcId,
    ownerId: e.ownerId ?? accountId,
    serviceName: e.serviceName ?? streaming(region),
    vpcEndpointType: e.vpcEndpointType ?? "Interface",
    ipAddressType: e.ipAddressType ?? "ipv4",
    dnsOptions: [
      { dnsRecordIpType: e.dnsRecordIpType ?? "ipv4", privateDnsOnlyForInboundResolverEndpoint: false },
    ],
    privateDnsEnabled: e.privateDnsEnabled ?? true,
    state: e.state ?? "available",
    subnetIds: e.subnetIds ?? ["subnet-0e0e0e0e0e0e0e0e1", "subnet-0e0e0e0e0e0e0e0e2"],
    securityGroupIds: e.securityGroupIds ?? ["sg-0e0e0e0e0e0e0e0e0"],
    networkInterfaceIds: [`eni-${eni}0`, `eni-${eni}1`],
    dnsEntries: [
      { dnsName: `${id}-0abc.highlander.${region}.vpce.amazonaws.com`, hostedZoneId: "Z0001" },
      { dnsName: hostname(region), hostedZoneId: "Z0002" },
    ],
  };
}

/** What a Standard DCV bundle, or (IDs starting `wsb-pcoip`) a PCoIP Value bundle, says of itself. */
function bundle(inputs: Record<string, unknown>, region: string): Record<string, unknown> {
  const id = typeof inputs.bundleId === "string" ? inputs.bundleId : DEFAULT_BUNDLE_ID;
  const pcoip = id.startsWith("wsb-pcoip");
  return {
    ...inputs,
    id,
    bundleId: id,
    owner: "AMAZON",
    name:
      inputs.name ??
      (pcoip
        ? "Value with Windows 10 (Server 2022 based)"
        : "Standard with Windows 10 (Server 2022 based) (WSP)"),
    description: "stand-in bundle",
    region,
    computeTypes: [{ name: pcoip ? "VALUE" : "STANDARD" }],
    rootStorages: [{ capacity: "80" }],
    userStorages: [{ capacity: pcoip ? "10" : "50" }],
  };
}

/** The lookups every setup makes: the provider's region and account, the service, the lab's. */
function setupLookup(account: AccountDescription, lookup: Lookup): Record<string, unknown> | undefined {
  const { accountId, region } = placeOf(account, lookup.provider);
  const inputs = lookup.inputs;
  switch (lookup.token) {
    case "aws:index/getRegion:getRegion":
      return {
        id: region,
        name: region,
        region,
        endpoint: `ec2.${region}.amazonaws.com`,
        description: region,
      };
    case "aws:index/getCallerIdentity:getCallerIdentity":
      return {
        id: accountId,
        accountId,
        arn: `arn:aws:iam::${accountId}:user/deployer`,
        userId: "AIDADEPLOYER",
      };
    case "aws:index/getPartition:getPartition":
      return { id: "aws", partition: "aws", dnsSuffix: "amazonaws.com", reverseDnsPrefix: "com.amazonaws" };
    case "aws:ec2/getVpcEndpointService:getVpcEndpointService": {
      const name = String(inputs.serviceName);
      const serviceRegion = name.split(".")[2];
      return {
        ...inputs,
        id: name,
        serviceName: name,
        serviceType: "Interface",
        privateDnsName: hostname(serviceRegion),
        privateDnsNames: [hostname(serviceRegion)],
        supportedIpAddressTypes: ["ipv4"],
        availabilityZones: account.serviceZones ?? defaultServiceZones(serviceRegion),
        acceptanceRequired: false,
        owner: "amazon",
      };
    }
    case "aws:ec2/getInstanceTypeOfferings:getInstanceTypeOfferings":
      return {
        ...inputs,
        id: "offerings",
        instanceTypes: [...(account.instanceTypes ?? OFFERED_INSTANCE_TYPES)],
        locations: [],
        locationTypes: [],
      };
    case "aws:ssm/getParameter:getParameter": {
      const name = String(inputs.name);
      return name.startsWith("/aws/service/ami-")
        ? { name, type: "String", value: "ami-0123456789abcdef0", insecureValue: "ami-0123456789abcdef0" }
        : undefined;
    }
    case "aws:workspaces/getBundle:getBundle":
      return bundle(inputs, region);
    case "aws:workspaces/getDirectory:getDirectory": {
      const id = String(inputs.directoryId);
      if (!account.anyId && !placeOf(account, lookup.provider).directories.includes(id)) {
        throw invokeError(`WorkSpaces Directory (${id}) not found`);
      }
      return {
        id,
        directoryId: id,
        registrationCode: "SLiad+EXISTING",
        workspaceType: "PERSONAL",
        state: "REGISTERED",
      };
    }
    default:
      return undefined;
  }
}

/** The answer to a lookup, or undefined for one the stand-in does not know. */
export function answerLookup(
  account: AccountDescription,
  lookup: Lookup,
): Record<string, unknown> | undefined {
  return setupLookup(account, lookup) ?? ec2Lookup(account, lookup);
}
