/**
 * A stand-in cloud for running the program without one: the IDs AWS would hand out, the computed
 * properties the program reads back, and answers to the invokes the program makes (AMI parameters,
 * bundles, an existing directory, network interfaces, the streaming service). Used through
 * `pulumi.runtime.setMocks` by the offline policy check (scripts/runStack.ts) and by the tests.
 */
import * as pulumi from "@pulumi/pulumi";
import { ASSOCIATION_TYPE, privateLinkHostname, streamingServiceName } from "../policy/facts";
import type { AssociationObservation } from "../providers/streamingEndpointAssociation";

export const ID_PREFIX: Record<string, string> = {
  "aws:ec2/vpc:Vpc": "vpc",
  "aws:ec2/subnet:Subnet": "subnet",
  "aws:ec2/routeTable:RouteTable": "rtb",
  "aws:ec2/internetGateway:InternetGateway": "igw",
  "aws:ec2/securityGroup:SecurityGroup": "sg",
  "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": "sg",
  "aws:ec2/instance:Instance": "i",
  "aws:ec2/vpcEndpoint:VpcEndpoint": "vpce",
  "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": "sgr",
  "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": "sgr",
  "aws:ec2transitgateway/instanceConnectEndpoint:InstanceConnectEndpoint": "eice",
  "aws:directoryservice/directory:Directory": "d",
  "aws:workspaces/workspace:Workspace": "ws",
  "aws:ec2/keyPair:KeyPair": "key",
  "aws:route53/resolverEndpoint:ResolverEndpoint": "rslvr-in",
  "aws:ec2transitgateway/vpcAttachment:VpcAttachment": "tgw-attach",
};

export function fakeId(type: string, serial: number): string {
  const hex = serial
    .toString(16)
    .padStart(type === "aws:directoryservice/directory:Directory" ? 10 : 17, "0");
  const prefix = ID_PREFIX[type];
  return prefix ? `${prefix}-${hex}` : `${type.split(":").pop()}-${serial}`;
}

/**
 * What the provider would observe on a clean, registered PERSONAL directory, as the
 * `streamingAssociation` output shows it.
 */
export const CLEAN_OBSERVATION = {
  directoryState: "REGISTERED",
  workspaceType: "PERSONAL",
  endpointEncryptionMode: "STANDARD_TLS",
  globalAcceleratorMode: "DISABLED",
  ipGroupIds: [] as string[],
  vpcEndpointState: "available",
  vpcEndpointType: "Interface",
  vpcEndpointIpAddressType: "ipv4",
  vpcEndpointDnsRecordIpType: "ipv4",
  vpcEndpointPrivateDnsEnabled: true,
  pcoipWorkspaceCount: 0,
  globalAcceleratorWorkspaceCount: 0,
  warnings: [] as string[],
};

/** The computed properties AWS would fill in, for the types whose outputs the program reads. */
export function computedState(
  type: string,
  id: string,
  inputs: Record<string, unknown>,
): Record<string, unknown> {
  switch (type) {
    case "aws:ec2/vpc:Vpc":
      return { defaultSecurityGroupId: `sg-${id.slice(4, 12)}default` };
    case "aws:ec2/instance:Instance":
      return { primaryNetworkInterfaceId: `eni-${id.slice(2)}`, privateIp: "10.0.16.10" };
    case "aws:ec2/vpcEndpoint:VpcEndpoint":
      return {
        dnsEntries: (() => {
          const [, , region, service] = String(inputs.serviceName).split(".");
          return [
            { dnsName: `${id}-0abc.${service}.${region}.vpce.amazonaws.com`, hostedZoneId: "Z0001" },
            { dnsName: `privatelink.prod.${region}.${service}.aws.a2z.com`, hostedZoneId: "Z0002" },
          ];
        })(),
        state: "available",
        // One network interface per subnet; the mocks' getNetworkInterface answers their addresses.
        // (Subnets a preview does not know yet leave them unknown, as the engine would.)
        ...(Array.isArray(inputs.subnetIds)
          ? { networkInterfaceIds: inputs.subnetIds.map((_, i) => `eni-${id.slice(5, 20)}${i}`) }
          : {}),
      };
    case "aws:route53/resolverEndpoint:ResolverEndpoint":
      return {
        ipAddresses: (inputs.ipAddresses as { subnetId: string }[]).map((a, i) => ({
          ...a,
          ip: `10.99.${i}.53`,
          ipId: `rni-${i}`,
        })),
      };
    case ASSOCIATION_TYPE: {
      const observation: AssociationObservation = {
        ...CLEAN_OBSERVATION,
        vpcEndpointServiceName: streamingServiceName(String(inputs.region)),
      };
      return { ...observation };
    }
    case "aws:workspaces/directory:Directory":
      return { directoryId: inputs.directoryId, registrationCode: "SLiad+ABCDEF" };
    case "tls:index/privateKey:PrivateKey":
      return {
        publicKeyOpenssh: `ssh-rsa AAAAB3NzaC1yc2E-${id} mock`,
        privateKeyPem: `-----BEGIN RSA PRIVATE KEY-----\nmock-${id}\n-----END RSA PRIVATE KEY-----\n`,
      };
    case "aws:ec2/keyPair:KeyPair":
      return { keyName: `${String(inputs.keyNamePrefix ?? "")}${id}` };
    case "aws:workspaces/workspace:Workspace":
      return { state: "AVAILABLE" };
    case "aws:kms/key:Key":
      return { arn: `arn:aws:kms:ap-northeast-1:${MOCK_ACCOUNT}:key/${id}`, keyId: id };
    case "aws:sns/topic:Topic":
      return { arn: `arn:aws:sns:ap-northeast-1:${MOCK_ACCOUNT}:${String(inputs.name)}` };
    case "aws:cloudwatch/metricAlarm:MetricAlarm":
      return { arn: `arn:aws:cloudwatch:ap-northeast-1:${MOCK_ACCOUNT}:alarm:${String(inputs.name)}` };
    case "aws:cloudwatch/logGroup:LogGroup":
      return { arn: `arn:aws:logs:ap-northeast-1:${MOCK_ACCOUNT}:log-group:${String(inputs.name)}` };
    case "aws:cloudwatch/eventRule:EventRule":
      return { arn: `arn:aws:events:ap-northeast-1:${MOCK_ACCOUNT}:rule/${id}`, name: id };
    default:
      return {};
  }
}

/** The region the mocks answer for when no stack configuration says otherwise. */
export const MOCK_REGION = "ap-northeast-1";

/** What aws.getRegion says of a provider in `region`. */
function regionAnswer(region: string): Record<string, unknown> {
  return { id: region, name: region, region, endpoint: `ec2.${region}.amazonaws.com`, description: region };
}

/** The account the mocks' ARNs are in. */
export const MOCK_ACCOUNT = "123456789012";

/** The first two octets of the addresses the mocks give the endpoint's network interfaces. */
export const MOCK_ENDPOINT_IP_PREFIX = "10.0";

/** The instance types the mocks say EC2 offers in every zone. */
export const MOCK_OFFERED_INSTANCE_TYPES = [
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

/** The Amazon bundle the mocks answer a look-up by name with (a Standard DCV bundle). */
export const MOCK_DEFAULT_BUNDLE_ID = "wsb-93xk71ss4";

/** What DescribeWorkspaceBundles would say of a bundle: IDs starting "wsb-pcoip" are PCoIP Value bundles. */
function mockBundle(inputs: Record<string, unknown>): Record<string, unknown> {
  const id = typeof inputs.bundleId === "string" ? inputs.bundleId : MOCK_DEFAULT_BUNDLE_ID;
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
    description: "mock bundle",
    region: "ap-northeast-1",
    computeTypes: [{ name: pcoip ? "VALUE" : "STANDARD" }],
    rootStorages: [{ capacity: "80" }],
    userStorages: [{ capacity: pcoip ? "10" : "50" }],
  };
}

/** The zones the mocks say a region offers the streaming service in (`<region>a`, `c`, `d`). */
export const mockServiceZones = (region: string) => ["a", "c", "d"].map((z) => `${region}${z}`);

/** The VPC an endpoint the mocks are asked about lives in (one the configuration does not name). */
export const MOCK_ENDPOINT_VPC = "vpc-0e0e0e0e0e0e0e0e0";

/** What a stack's configuration names of its existing network, for the mocks to answer as configured. */
interface Configured {
  readonly region: string;
  readonly vpcId?: string;
  readonly subnetIds: readonly string[];
}

function configured(config: Readonly<Record<string, string>>): Configured {
  const parse = (key: string): Record<string, unknown> => {
    try {
      return (JSON.parse(config[`workspaces-privatelink:${key}`] ?? "{}") ?? {}) as Record<string, unknown>;
    } catch {
      return {};
    }
  };
  const endpoint = parse("streamingEndpoint");
  return {
    region: config["aws:region"] ?? "ap-northeast-1",
    vpcId: typeof endpoint.vpcId === "string" ? endpoint.vpcId : undefined,
    subnetIds: Array.isArray(endpoint.subnetIds) ? (endpoint.subnetIds as string[]) : [],
  };
}

/**
 * Answers to the lookups of an existing network, as the configuration names it: the VPC and
 * subnets are this account's, the subnets one per zone where the service is offered, the route
 * tables in the VPC with its local route, an endpoint an available IPv4 highlander endpoint with
 * private DNS on. (Offline nothing can be looked up: `pulumi preview` checks the real ones.)
 */
function existingNetworkCall(
  args: pulumi.runtime.MockCallArgs,
  c: Configured,
): Record<string, unknown> | undefined {
  const vpcId = c.vpcId ?? MOCK_ENDPOINT_VPC;
  switch (args.token) {
    case "aws:index/getRegion:getRegion":
      return regionAnswer(c.region); // the provider's region: the stack's aws:region
    case "aws:ec2/getVpc:getVpc":
      return {
        id: args.inputs.id,
        ownerId: MOCK_ACCOUNT,
        cidrBlock: "10.20.0.0/16",
        cidrBlockAssociations: [
          { associationId: "vpc-cidr-assoc-1", cidrBlock: "10.20.0.0/16", state: "associated" },
        ],
        enableDnsSupport: true,
        enableDnsHostnames: true,
      };
    case "aws:ec2/getSubnet:getSubnet": {
      const i = Math.max(0, c.subnetIds.indexOf(String(args.inputs.id)));
      const zone = mockServiceZones(c.region)[i % 3];
      return {
        id: args.inputs.id,
        vpcId,
        ownerId: MOCK_ACCOUNT,
        availabilityZone: zone,
        availabilityZoneId: `${azIdOf(c.region)}-az${i + 1}`,
        cidrBlock: `10.20.${16 * (i + 1)}.0/20`,
      };
    }
    case "aws:ec2/getRouteTable:getRouteTable":
      return {
        id: args.inputs.routeTableId,
        routeTableId: args.inputs.routeTableId,
        vpcId,
        ownerId: MOCK_ACCOUNT,
        routes: [],
        associations: [],
      };
    case "aws:ec2/getVpcEndpoint:getVpcEndpoint": {
      const id = String(args.inputs.id);
      return {
        id,
        vpcId: MOCK_ENDPOINT_VPC,
        ownerId: MOCK_ACCOUNT,
        serviceName: streamingServiceName(c.region),
        vpcEndpointType: "Interface",
        ipAddressType: "ipv4",
        dnsOptions: [{ dnsRecordIpType: "ipv4", privateDnsOnlyForInboundResolverEndpoint: false }],
        privateDnsEnabled: true,
        state: "available",
        subnetIds: ["subnet-0e0e0e0e0e0e0e0e1", "subnet-0e0e0e0e0e0e0e0e2"],
        securityGroupIds: ["sg-0e0e0e0e0e0e0e0e0"],
        networkInterfaceIds: [`eni-${id.slice(5, 20)}0`, `eni-${id.slice(5, 20)}1`],
        dnsEntries: [
          { dnsName: `${id}-0abc.highlander.${c.region}.vpce.amazonaws.com`, hostedZoneId: "Z0001" },
          { dnsName: privateLinkHostname(c.region), hostedZoneId: "Z0002" },
        ],
      };
    }
    default:
      return undefined;
  }
}

/** `ap-northeast-1` -> `apne1`, for the mocks' AZ IDs. */
function azIdOf(region: string): string {
  const [area, direction, n] = region.split("-");
  return `${area}${direction.replace(/north|south|east|west|central/g, (w) => w[0])}${n}`;
}

/**
 * An invoke's failure as the engine reports it (a gRPC error whose `details` is the provider's
 * message, which the SDK rethrows): what a mock `call` throws for "not found" and the like.
 */
export function invokeError(message: string): Error {
  return Object.assign(new Error(message), { details: message });
}

/** The stand-in cloud's invokes for a stack with this configuration. */
export function mockCloud(
  config: Readonly<Record<string, string>>,
): (args: pulumi.runtime.MockCallArgs) => Record<string, unknown> {
  const c = configured(config);
  return (args) => existingNetworkCall(args, c) ?? defaultCall(args);
}

export function defaultCall(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
  if (args.token === "aws:ssm/getParameter:getParameter") {
    const name = String(args.inputs.name);
    if (name.startsWith("/aws/service/ami-")) {
      return { name, type: "String", value: "ami-0123456789abcdef0", insecureValue: "ami-0123456789abcdef0" };
    }
  }
  if (args.token === "aws:ec2/getNetworkInterface:getNetworkInterface") {
    // The address the interface got in its subnet: the n-th interface of an endpoint, 10.x.(16n+16).200
    const id = String(args.inputs.id);
    return { id, privateIp: `${MOCK_ENDPOINT_IP_PREFIX}.${16 * (Number(id.slice(-1)) + 1)}.200` };
  }
  if (args.token === "aws:ec2/getVpcEndpointService:getVpcEndpointService") {
    // The streaming service, offered in every region the mocks are asked about.
    const name = String(args.inputs.serviceName);
    return {
      ...args.inputs,
      id: name,
      serviceName: name,
      serviceType: "Interface",
      privateDnsName: privateLinkHostname(name.split(".")[2]),
      privateDnsNames: [privateLinkHostname(name.split(".")[2])],
      supportedIpAddressTypes: ["ipv4"],
      availabilityZones: mockServiceZones(name.split(".")[2]),
      acceptanceRequired: false,
      owner: "amazon",
    };
  }
  if (args.token === "aws:ec2/getInstanceTypeOfferings:getInstanceTypeOfferings") {
    // What EC2 offers in any zone the mocks are asked about: a handful of current types.
    return {
      ...args.inputs,
      id: "offerings",
      instanceTypes: [...MOCK_OFFERED_INSTANCE_TYPES],
      locations: [],
      locationTypes: [],
    };
  }
  if (args.token === "aws:index/getCallerIdentity:getCallerIdentity") {
    return {
      id: MOCK_ACCOUNT,
      accountId: MOCK_ACCOUNT,
      arn: `arn:aws:iam::${MOCK_ACCOUNT}:user/deployer`,
      userId: "AIDAMOCKDEPLOYER",
    };
  }
  if (args.token === "aws:index/getRegion:getRegion") {
    return regionAnswer(MOCK_REGION); // a stack's own region: mockCloud answers from its aws:region
  }
  if (args.token === "aws:index/getPartition:getPartition") {
    return { id: "aws", partition: "aws", dnsSuffix: "amazonaws.com", reverseDnsPrefix: "com.amazonaws" };
  }
  if (args.token === "aws:workspaces/getBundle:getBundle") {
    return mockBundle(args.inputs);
  }
  if (args.token === "aws:workspaces/getDirectory:getDirectory") {
    // An existing directory, registered with WorkSpaces Personal.
    return {
      directoryId: args.inputs.directoryId,
      id: args.inputs.directoryId,
      registrationCode: "SLiad+EXISTING",
      workspaceType: "PERSONAL",
      state: "REGISTERED",
    };
  }
  throw new Error(
    `mockProgram: the program made an invoke the mocks do not know: ${args.token} ${JSON.stringify(args.inputs)}`,
  );
}
