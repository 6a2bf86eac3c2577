/**
 * What AWS gives the resources a setup makes: IDs in AWS's formats and the computed outputs the
 * setup reads back (DNS entries and network interfaces of an endpoint, a resolver's addresses, a
 * registered directory's code, ARNs...). The mocks of `workspaces-privatelink/testing` and this
 * project's stand-in aws provider for the real engine both answer from here.
 */
import { ASSOCIATION_TYPE } from "../policy/facts";

/** The prefix of each type's IDs. */
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

/** The `serial`-th ID of a type, in AWS's format (`vpc-` and 17 hex digits; a directory 10). */
export function newId(type: string, serial: number): string {
  const hex = serial
    .toString(16)
    .padStart(type === "aws:directoryservice/directory:Directory" ? 10 : 17, "0");
  const prefix = ID_PREFIX[type];
  return prefix ? `${prefix}-${hex}` : `${type.split(":").pop()}-${serial}`;
}

/**
 * What an association observes on a clean, registered PERSONAL directory and an available IPv4
 * endpoint, as its outputs (and the `streamingAssociation` output) show it.
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

/** Where ARNs are. */
export interface Place {
  readonly accountId: string;
  readonly region: string;
}

/** An endpoint's DNS entries and (one per subnet, when its subnets are known) network interfaces. */
function endpointOutputs(id: string, inputs: Record<string, unknown>): Record<string, unknown> {
  const [, , region, service] = String(inputs.serviceName).split(".");
  return {
    dnsEntries: [
      { dnsName: `${id}-0abc.${service}.${region}.vpce.amazonaws.com`, hostedZoneId: "Z0001" },
      { dnsName: `privatelink.prod.${region}.${service}.aws.a2z.com`, hostedZoneId: "Z0002" },
    ],
    state: "available",
    // Subnets a preview does not know yet leave the interfaces unknown, as the engine would.
    ...(Array.isArray(inputs.subnetIds)
      ? { networkInterfaceIds: inputs.subnetIds.map((_, i) => `eni-${id.slice(5, 20)}${i}`) }
      : {}),
  };
}

/** The ARNs of what the monitoring and the sign-in log make. */
function arnOutputs(type: string, id: string, inputs: Record<string, unknown>, at: Place) {
  const arn = (service: string, rest: string) => `arn:aws:${service}:${at.region}:${at.accountId}:${rest}`;
  switch (type) {
    case "aws:kms/key:Key":
      return { arn: arn("kms", `key/${id}`), keyId: id };
    case "aws:sns/topic:Topic":
      return { arn: arn("sns", String(inputs.name)) };
    case "aws:cloudwatch/metricAlarm:MetricAlarm":
      return { arn: arn("cloudwatch", `alarm:${String(inputs.name)}`) };
    case "aws:cloudwatch/logGroup:LogGroup":
      return { arn: arn("logs", `log-group:${String(inputs.name)}`) };
    case "aws:cloudwatch/eventRule:EventRule":
      return { arn: arn("events", `rule/${id}`), name: id };
    default:
      return {};
  }
}

/** The computed outputs AWS fills in, for the types whose outputs a setup reads. */
export function computedOutputs(
  type: string,
  id: string,
  inputs: Record<string, unknown>,
  at: Place = { accountId: "123456789012", region: "ap-northeast-1" },
): Record<string, unknown> {
  switch (type) {
    case "aws:ec2/vpc:Vpc":
      return { defaultSecurityGroupId: `sg-${id.slice(4, 12)}default` };
    case "aws:ec2/instance:Instance":
      return { primaryNetworkInterfaceId: `eni-${id.slice(2)}`, privateIp: "10.0.16.10" };
    case "aws:ec2/vpcEndpoint:VpcEndpoint":
      return endpointOutputs(id, inputs);
    case "aws:route53/resolverEndpoint:ResolverEndpoint":
      return {
        ipAddresses: (inputs.ipAddresses as { subnetId: string }[]).map((a, i) => ({
          ...a,
          ip: `10.99.${i}.53`,
          ipId: `rni-${i}`,
        })),
      };
    case ASSOCIATION_TYPE:
      return {
        ...CLEAN_OBSERVATION,
        vpcEndpointServiceName: `com.amazonaws.${String(inputs.region)}.highlander`,
      };
    case "aws:workspaces/directory:Directory":
      return { directoryId: inputs.directoryId, registrationCode: "SLiad+ABCDEF" };
    case "tls:index/privateKey:PrivateKey":
      return {
        publicKeyOpenssh: `ssh-rsa AAAAB3NzaC1yc2E-${id} stand-in`,
        privateKeyPem: `-----BEGIN RSA PRIVATE KEY-----\nstand-in-${id}\n-----END RSA PRIVATE KEY-----\n`,
      };
    case "aws:ec2/keyPair:KeyPair":
      return { keyName: `${String(inputs.keyNamePrefix ?? "")}${id}` };
    case "aws:workspaces/workspace:Workspace":
      return { state: "AVAILABLE" };
    default:
      return arnOutputs(type, id, inputs, at);
  }
}
